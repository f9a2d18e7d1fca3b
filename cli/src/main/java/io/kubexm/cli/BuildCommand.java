package io.kubexm.cli;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.InvalidConfigException;
import io.kubexm.ops.build.ClusterBuild;
import io.kubexm.ops.build.NodeSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "build",
        description = {"Generate every certificate, key, kubeconfig and configuration file of every node under",
            "build/NAME/<node>/<absolute path>, without touching any host. CA keys stay in build/NAME/pki/.",
            "A second build changes nothing."})
final class BuildCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"--cluster", "--name"}, paramLabel = "NAME", description = "Use conf/NAME/cluster.yaml.")
        String cluster;

        @Option(names = "-f", paramLabel = "FILE", description = "Use this cluster.yaml.")
        Path file;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = source.file != null ? source.file : Path.of("conf", source.cluster, "cluster.yaml");
        if (!Files.isRegularFile(file)) {
            err.println("build: " + file + " does not exist; write it (see examples/cluster.yaml) or pass -f FILE");
            return Main.EXIT_INVALID;
        }
        ClusterConfig config;
        try {
            config = ClusterConfigs.load(file);
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return Main.EXIT_INVALID;
        }
        Path confDir = file.toAbsolutePath().getParent();
        ClusterBuild.Result result = new ClusterBuild(Clock.systemUTC()).run(config, confDir, Path.of("build"));
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        int removed = 0;
        for (NodeSummary n : result.nodes()) {
            out.printf("%-20s %4d added %4d changed %4d unchanged%s%n", n.node(), n.added(), n.changed(),
                    n.unchanged(), n.removed() > 0 ? String.format(" %4d removed", n.removed()) : "");
            added += n.added();
            changed += n.changed();
            unchanged += n.unchanged();
            removed += n.removed();
        }
        out.printf("%s: %d nodes, %d files added, %d changed, %d unchanged, %d removed; %d certificates issued, %d kept%n",
                result.clusterDir(), result.nodes().size(), added, changed, unchanged, removed,
                result.issued(), result.reused());
        if (added + changed + removed == 0) {
            out.println("nothing changed");
        }
        return Main.EXIT_OK;
    }
}
