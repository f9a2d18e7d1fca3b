package io.kubexm.ops.download;

import io.kubexm.api.ClusterConfig;
import io.kubexm.artifacts.BomRequest;
import io.kubexm.artifacts.Mirror;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bundle is for and how to fetch it: the request of {@code kubexm download} and of create cluster's
 * download stage.
 *
 * @param source        a cluster config or a matrix of choices
 * @param bundleDir     {@code build/packages}; verified files are also kept by digest in {@code build/cache}
 * @param versionsFile  a catalog override (versions, URLs, checksums, images)
 * @param kxzone        {@code cn} for the China mirrors (a config's own {@code zone: cn} wins); empty: none
 * @param parallel      files fetched at once
 * @param plainHttpRegistries source registries reached over plain HTTP (a local mirror)
 */
public record BundleRequest(Source source, Path bundleDir, Optional<Path> versionsFile, Mirror mirror,
                            Optional<String> kxzone, int parallel, Parts parts, List<String> plainHttpRegistries) {

    public static final int DEFAULT_PARALLEL = 4;

    public BundleRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bundleDir, "bundleDir");
        plainHttpRegistries = List.copyOf(plainHttpRegistries);
    }

    /** What the bill of materials is computed from. */
    public sealed interface Source {
        /**
         * The hosts' arches and the config's choices decide; {@code oses} adds package repositories (a config does
         * not name its nodes' systems) and {@code moreVersions} versions what the config leaves to the catalog.
         */
        record Cluster(ClusterConfig config, List<String> oses, Map<String, String> moreVersions) implements Source {
            public Cluster {
                oses = List.copyOf(oses);
                moreVersions = Map.copyOf(moreVersions);
            }
        }

        /** Choices given one by one, for any OS and arch ({@code kubexm download --os ... --arch ...}). */
        record Matrix(BomRequest request) implements Source {
        }
    }

    /** Which kinds of artifact to fetch. */
    public record Parts(boolean files, boolean images, boolean repos) {
        public static final Parts ALL = new Parts(true, true, true);
    }

    /** The config, when the bundle is for a cluster. */
    public Optional<ClusterConfig> config() {
        return source instanceof Source.Cluster c ? Optional.of(c.config()) : Optional.empty();
    }
}
