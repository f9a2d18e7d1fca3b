package io.kubexm.ops.build;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A project directory with `conf/NAME/cluster.yaml` and `build/`, as `kubexm build` sees it. */
record BuildFixture(Path project) {

    ClusterBuild.Result build(String name, String yaml) {
        try {
            Path conf = project.resolve("conf").resolve(name);
            Files.createDirectories(conf);
            Path file = Files.writeString(conf.resolve("cluster.yaml"), yaml);
            ClusterConfig config = ClusterConfigs.load(file);
            return new ClusterBuild(Clock.systemUTC()).run(config, conf, project.resolve("build").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path clusterDir(String name) {
        return project.resolve("build").resolve(name);
    }

    /** A node's file in the build tree. */
    Path file(String cluster, String node, String absolutePath) {
        return clusterDir(cluster).resolve(node).resolve(absolutePath.substring(1));
    }
}
