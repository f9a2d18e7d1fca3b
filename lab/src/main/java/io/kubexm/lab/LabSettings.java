package io.kubexm.lab;

import java.nio.file.Path;

/**
 * Where labs keep their files: the root file system cache (shared by all labs, kept between
 * runs), the per-lab state (SSH key, known_hosts, node overlays) and the kubexm conf directory
 * that receives {@code NAME/cluster.yaml}.
 */
public record LabSettings(Path cacheRoot, Path stateRoot, Path confDir) {
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/kubexm/lab");
    public static final Path DEFAULT_STATE = Path.of("/var/lib/kubexm/lab");

    public LabSettings {
        cacheRoot = cacheRoot.toAbsolutePath().normalize();
        stateRoot = stateRoot.toAbsolutePath().normalize();
        confDir = confDir.toAbsolutePath().normalize();
    }

    public static LabSettings withConfDir(Path confDir) {
        return new LabSettings(DEFAULT_CACHE, DEFAULT_STATE, confDir);
    }

    Path stateDir(String lab) {
        return stateRoot.resolve(lab);
    }

    Path clusterYaml(String lab) {
        return confDir.resolve(lab).resolve("cluster.yaml");
    }
}
