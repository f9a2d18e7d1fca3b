package io.kubexm.ops.download;

import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.ImageArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a pipeline's modules take from the bundle: files by component, version and arch, images by component,
 * and the OS package repositories (those of the systems the operator names, since a config does not name them).
 */
public record BundleNeeds(Set<File> files, Set<String> images, boolean osRepositories) {
    public static final BundleNeeds NONE = new BundleNeeds(Set.of(), Set.of(), false);

    public BundleNeeds {
        files = Set.copyOf(files);
        images = Set.copyOf(images);
    }

    /** A file of the bundle as bom.json and {@code build/packages/files/<component>/<version>/<arch>/} name it. */
    public record File(String component, String version, String arch) implements Comparable<File> {
        @Override
        public int compareTo(File o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return component + " " + version + " " + arch;
        }

        boolean is(FileArtifact f) {
            return f.component().equals(component) && f.version().equals(version) && f.archLabel().equals(arch);
        }
    }

    public static BundleNeeds files(Set<File> files) {
        return new BundleNeeds(files, Set.of(), false);
    }

    public static BundleNeeds repositories() {
        return new BundleNeeds(Set.of(), Set.of(), true);
    }

    public BundleNeeds and(BundleNeeds other) {
        return new BundleNeeds(union(files, other.files), union(images, other.images), osRepositories || other.osRepositories);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        return Set.copyOf(Stream.concat(a.stream(), b.stream()).toList());
    }

    public boolean isEmpty() {
        return files.isEmpty() && images.isEmpty() && !osRepositories;
    }

    /** The part of a bill of materials these needs cover. */
    public Bom of(Bom bom) {
        return new Bom(bom.files().stream().filter(f -> files.stream().anyMatch(n -> n.is(f))).toList(),
                bom.images().stream().filter(i -> images.contains(i.component())).toList(),
                osRepositories ? bom.packages() : List.of());
    }

    /** Needs the bill of materials has no entry for (a catalog without that version, say), one line each. */
    public List<String> notIn(Bom bom) {
        List<String> out = new ArrayList<>();
        new TreeSet<>(files).stream().filter(n -> bom.files().stream().noneMatch(n::is))
                .forEach(n -> out.add("file " + n + ": not in the bill of materials (the catalog has no such file)"));
        new TreeSet<>(images).stream().filter(c -> bom.images().stream().map(ImageArtifact::component).noneMatch(c::equals))
                .forEach(c -> out.add("image " + c + ": not in the bill of materials (the catalog has no such image)"));
        return out;
    }

    /** One line for plans; {@code oses}: the systems whose repositories are checked. */
    public String describe(List<String> oses) {
        List<String> parts = new ArrayList<>();
        new TreeSet<>(files).forEach(f -> parts.add(f.toString()));
        new TreeSet<>(images).forEach(i -> parts.add("image " + i));
        if (osRepositories && !oses.isEmpty()) {
            parts.add("the OS package repositories of " + String.join(",", oses));
        }
        String holds = parts.isEmpty() ? "nothing" : String.join(", ", parts);
        return osRepositories && oses.isEmpty() ? holds + "; OS package repositories unchecked (no --os)" : holds;
    }
}
