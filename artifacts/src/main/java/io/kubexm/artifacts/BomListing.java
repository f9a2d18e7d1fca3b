package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * {@code kubexm download --list}: every file (where it comes from and how its digest is known, the
 * checksum file's host included), every image (the manifest it was read from, the zone mirror it is
 * pulled from), the manifests whose images are known once fetched, and the OS package sets.
 */
public final class BomListing {
    private BomListing() {
    }

    public static void print(Bom bom, Mirror mirror, PrintStream out) {
        out.println("FILES (" + bom.files().size() + ")");
        out.printf("%-24s %-16s %-6s %-64s %s%n", "COMPONENT", "VERSION", "ARCH", "SHA256", "URL");
        for (FileArtifact f : bom.files()) {
            out.printf("%-24s %-16s %-6s %-64s %s%n", f.component(), f.version(), f.archLabel(),
                    f.verification().describe(), mirror.map(f.url()));
        }
        out.println();
        out.println("IMAGES (" + bom.images().size() + (bom.pending().isEmpty() ? ""
                : ", and those of " + bom.pending().size() + " manifests not fetched") + ")");
        out.printf("%-24s %-16s %s%n", "COMPONENT", "PLATFORMS", "REFERENCE");
        for (ImageArtifact i : bom.images()) {
            out.printf("%-24s %-16s %s%s%s%n", i.component(),
                    i.platforms().stream().map(Arch::yaml).collect(Collectors.joining(",")), i.reference(),
                    i.manifest().map(m -> "  from " + m).orElse(""),
                    i.pullFrom().equals(i.reference()) ? "" : "  via " + i.pullFrom());
        }
        for (ManifestScan.Pending p : bom.pending()) {
            out.printf("%-24s %-16s images: from %s once fetched (%s)%n", p.manifest().component(), "-",
                    p.manifest().relativePath(), p.why());
        }
        for (ManifestScan m : bom.manifests()) {
            if (m instanceof ManifestScan.Scanned s && !s.templated().isEmpty()) {
                out.println("  " + s.templated().size() + " templated image references in " + m.manifest().relativePath()
                        + " skipped (a chart's values.yaml gives their values):");
                s.templated().forEach(t -> out.println("    " + t.substring(t.indexOf('!') + 1)));
            }
        }
        out.println();
        out.println("OS PACKAGES (" + bom.packages().size() + " repositories)");
        for (PackageSet p : bom.packages()) {
            out.printf("%-14s %-6s %-4s %s%n", p.os(), p.arch().yaml(), p.family(), String.join(" ", p.packages()));
        }
    }
}
