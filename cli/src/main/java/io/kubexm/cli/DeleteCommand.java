package io.kubexm.cli;

import io.kubexm.api.Host;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.Pipelines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete things.", subcommands = DeleteCommand.Cluster.class)
final class DeleteCommand {

    @Command(name = "cluster", description = {
            "Stop and remove everything create cluster installed and revert node preparation on every node.",
            "Asks for confirmation unless --yes."})
    static final class Cluster implements Callable<Integer> {
        @Mixin
        ClusterFileOptions cluster;

        @Mixin
        RunOptions run;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Optional<ClusterInput> input = ClusterInputs.load(cluster, spec.commandLine().getErr());
            if (input.isEmpty()) {
                return Main.EXIT_INVALID;
            }
            ClusterInput in = input.get();
            if (!yes && !run.dryRun) {
                out.printf("This removes cluster %s (etcd and its data included) from %s and reverts their preparation.%n"
                        + "Type the cluster name to continue: ", in.name(),
                        in.topology().hosts().stream().map(Host::name).collect(Collectors.joining(", ")));
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.strip().equals(in.name())) {
                    out.println("not confirmed; nothing was changed");
                    return Main.EXIT_RUN_FAILED;
                }
            }
            return run.run(in, Pipelines.deleteCluster(), out);
        }
    }
}
