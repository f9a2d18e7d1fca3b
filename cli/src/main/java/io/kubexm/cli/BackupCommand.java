package io.kubexm.cli;

import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.Pipelines;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "backup", description = "Take an etcd snapshot now and store it under build/NAME/backups/etcd/.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    ClusterFileOptions cluster;

    @Mixin
    RunOptions run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<ClusterInput> input = ClusterInputs.load(cluster, spec.commandLine().getErr());
        if (input.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        return run.run(input.get(), Pipelines.backup(), spec.commandLine().getOut());
    }
}
