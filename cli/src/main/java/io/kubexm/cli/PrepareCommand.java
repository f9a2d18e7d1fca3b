package io.kubexm.cli;

import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.Pipelines;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prepare", description = {
        "build -> preflight -> node preparation only: the nodes made ready for Kubernetes, nothing installed yet.",
        "delete cluster reverts it."})
final class PrepareCommand implements Callable<Integer> {
    @Mixin
    ClusterFileOptions cluster;

    @Mixin
    RunOptions run;

    @Option(names = "--skip-preflight", paramLabel = "CHECK[,CHECK]", description = "Preflight checks to skip.")
    String skipPreflight;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<ClusterInput> input = ClusterInputs.load(cluster, spec.commandLine().getErr());
        if (input.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        return run.run(input.get().skipping(ClusterInputs.list(skipPreflight)), Pipelines.prepareNodes(),
                spec.commandLine().getOut());
    }
}
