package io.kubexm.cli;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Validation;
import io.kubexm.ops.build.ClusterBuild;
import io.kubexm.ops.build.NodeSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "build", description = {
        "Generate every certificate, key, kubeconfig and configuration file of every node under",
        "build/NAME/<node>/<absolute path> without touching any host; CA keys stay in build/NAME/pki/.",
        "NAME is the --cluster name (metadata.name with -f).",
        "Templates under conf/NAME/templates/ override the built-in ones. A second build changes nothing."})
final class BuildCommand implements Callable<Integer> {

    @Mixin
    ClusterFileOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = cluster.path();
        Optional<Validation> validation = ConfigFiles.validate(file, err);
        if (validation.isEmpty() || !validation.get().ok()) {
            return Main.EXIT_INVALID;
        }
        ClusterConfig config = validation.get().config().orElseThrow();
        // build/NAME is named as the user named the cluster: --cluster=NAME, else (-f) metadata.name.
        String name = cluster.name().orElse(config.name());
        ClusterBuild.Result result = new ClusterBuild(Clock.systemUTC())
                .run(config, file.toAbsolutePath().getParent(), Path.of("build", name));
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        int removed = 0;
        for (NodeSummary n : result.nodes()) {
            out.printf("%-24s %5d added %5d changed %5d unchanged%s%n", n.node(), n.added(), n.changed(),
                    n.unchanged(), n.removed() > 0 ? String.format(" %5d removed", n.removed()) : "");
            added += n.added();
            changed += n.changed();
            unchanged += n.unchanged();
            removed += n.removed();
        }
        out.printf("%s: %d nodes; files: %d added, %d changed, %d unchanged, %d removed; certificates: %d issued, %d kept%n",
                result.clusterDir(), result.nodes().size(), added, changed, unchanged, removed, result.issued(),
                result.reused());
        if (added + changed + removed == 0) {
            out.println("nothing changed");
        }
        return Main.EXIT_OK;
    }
}
