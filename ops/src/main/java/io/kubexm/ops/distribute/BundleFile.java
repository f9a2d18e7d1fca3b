package io.kubexm.ops.distribute;

import io.kubexm.artifacts.BundleManifest;
import io.kubexm.artifacts.Digests;
import io.kubexm.ops.Node;
import io.kubexm.ops.OpsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file of the offline bundle as {@code build/packages/bom.json} records it, and where it lands
 * on a node: {@code /var/lib/kubexm/packages/} followed by its path under {@code files/}.
 */
public record BundleFile(String component, String version, String arch) {
    public static final String NODE_DIR = Node.STATE_DIR + "/packages";

    public record Resolved(Path local, String remote, String sha256) {
    }

    public Resolved resolve(Path packagesDir) {
        BundleManifest bom;
        try {
            bom = BundleManifest.read(packagesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + packagesDir.resolve(BundleManifest.NAME) + ": " + e.getMessage(), e);
        }
        BundleManifest.FileEntry entry = bom.files().stream()
                .filter(f -> f.component().equals(component) && f.version().equals(version) && f.arch().equals(arch))
                .findFirst()
                .orElseThrow(() -> new OpsException("the bundle " + packagesDir + " has no " + component + " " + version
                        + " for " + arch + " (" + packagesDir.resolve(BundleManifest.NAME) + " does not list it); run"
                        + " `kubexm download` for this cluster, or copy in a bundle that has it"));
        return new Resolved(packagesDir.resolve(entry.path()), NODE_DIR + "/" + entry.path().replaceFirst("^files/", ""),
                entry.sha256());
    }

    /** The local file, after checking it still has the digest bom.json recorded. */
    public Resolved verified(Path packagesDir) {
        Resolved r = resolve(packagesDir);
        try {
            if (!Files.isRegularFile(r.local())) {
                throw new OpsException(r.local() + " is listed in bom.json but missing; run `kubexm download` again");
            }
            String actual = Digests.sha256(r.local());
            if (!actual.equals(r.sha256())) {
                throw new OpsException(r.local() + " is damaged: sha256 " + actual + ", bom.json expects " + r.sha256()
                        + "; delete it and run `kubexm download` again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + r.local() + ": " + e.getMessage(), e);
        }
        return r;
    }
}
