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

@Command(name = "create", description = "Create things.", subcommands = CreateCommand.Cluster.class)
final class CreateCommand {

    @Command(name = "cluster", description = {
            "build -> preflight -> node preparation -> distribution -> etcd, on the nodes of cluster.yaml.",
            "Resumable (--resume); a second run changes nothing and says so."})
    static final class Cluster implements Callable<Integer> {
        @Mixin
        ClusterFileOptions cluster;

        @Mixin
        RunOptions run;

        @Option(names = "--skip-preflight", paramLabel = "CHECK[,CHECK]",
                description = "Preflight checks to skip (connectivity, sudo, os, cpu, memory, kernel, kernel-modules, hostname,"
                        + " clock, time-service, leftovers, ports, resolv-conf, selinux, firewall, swap).")
        String skipPreflight;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<ClusterInput> input = ClusterInputs.load(cluster, spec.commandLine().getErr());
            if (input.isEmpty()) {
                return Main.EXIT_INVALID;
            }
            return run.run(input.get().skipping(ClusterInputs.list(skipPreflight)), Pipelines.createCluster(),
                    spec.commandLine().getOut());
        }
    }
}
