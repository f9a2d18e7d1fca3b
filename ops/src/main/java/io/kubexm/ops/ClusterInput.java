package io.kubexm.ops;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Topology;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * What the cluster pipelines plan from: the validated, defaulted config, its topology, where
 * its config lives ({@code conf/NAME/}) and the {@code build/} directory that holds the bundle
 * ({@code build/packages}) and this cluster's files ({@code build/NAME}).
 *
 * @param name the cluster's name as the user gave it ({@code --cluster=NAME}; {@code metadata.name} with {@code -f}),
 *             so that every command finds the files {@code kubexm build} wrote under {@code build/NAME}
 * @param skipPreflight preflight checks the operator chose to skip, by name ({@link io.kubexm.ops.preflight.Check})
 */
public record ClusterInput(ClusterConfig config, Topology topology, String name, Path confDir, Path buildRoot,
                           Set<String> skipPreflight) {

    public ClusterInput {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(confDir, "confDir");
        Objects.requireNonNull(buildRoot, "buildRoot");
        skipPreflight = Set.copyOf(skipPreflight);
    }

    public static ClusterInput of(ClusterConfig config, Path confDir, Path buildRoot) {
        return of(config, config.name(), confDir, buildRoot);
    }

    public static ClusterInput of(ClusterConfig config, String name, Path confDir, Path buildRoot) {
        return new ClusterInput(config, Topology.of(config), name, confDir, buildRoot, Set.of());
    }

    public ClusterInput skipping(Set<String> checks) {
        return new ClusterInput(config, topology, name, confDir, buildRoot, checks);
    }

    /** {@code build/NAME}: the per-node files of {@code kubexm build}, the state database, logs, known_hosts. */
    public Path clusterDir() {
        return buildRoot.resolve(name);
    }

    /** {@code build/packages}: the offline bundle. */
    public Path packagesDir() {
        return buildRoot.resolve("packages");
    }

    public Path stateDb() {
        return clusterDir().resolve("state.db");
    }

    public Path logsDir() {
        return clusterDir().resolve("logs");
    }

    public Path knownHosts() {
        return clusterDir().resolve("known_hosts");
    }

    /** Where a node's built file lives: {@code build/NAME/<node>/<absolute path>}. */
    public Path built(String node, String absolutePath) {
        return clusterDir().resolve(node).resolve(absolutePath.substring(1));
    }
}
