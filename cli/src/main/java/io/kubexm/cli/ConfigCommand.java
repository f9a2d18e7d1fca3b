package io.kubexm.cli;

import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.Validation;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "config", description = "Inspect cluster configuration.",
        subcommands = ConfigCommand.View.class)
final class ConfigCommand {

    @Command(name = "view", description = {
            "Print the cluster.yaml with every default filled in; passwords that are set print as ******.",
            "Exit 2 (with every problem listed) when the file is invalid."})
    static final class View implements Callable<Integer> {

        @Mixin
        ClusterFileOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<Validation> v = ConfigFiles.validate(cluster.path(), spec.commandLine().getErr());
            if (v.isEmpty() || !v.get().ok()) {
                return Main.EXIT_INVALID;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(ClusterConfigs.toYaml(v.get().config().orElseThrow()));
            out.flush();
            return Main.EXIT_OK;
        }
    }
}
