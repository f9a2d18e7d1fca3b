package io.kubexm.cli;

import io.kubexm.engine.Plan;
import io.kubexm.engine.PlanRenderer;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.Pipelines;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = {
        "Print the create-cluster plan (modules, tasks, steps per host) without touching any host."})
final class PlanCommand implements Callable<Integer> {
    @Mixin
    ClusterFileOptions cluster;

    @Option(names = "--output", defaultValue = "text", description = "text | json (default text)")
    PlanRenderer.Format output;

    @Option(names = "--pipeline", defaultValue = "create-cluster", description = "create-cluster | delete-cluster | backup")
    String pipeline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<ClusterInput> input = ClusterInputs.load(cluster, spec.commandLine().getErr());
        if (input.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        Plan plan = Pipelines.plan(switch (pipeline) {
            case "create-cluster" -> Pipelines.createCluster();
            case "delete-cluster" -> Pipelines.deleteCluster();
            case "backup" -> Pipelines.backup();
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--pipeline must be create-cluster, delete-cluster or backup, not '" + pipeline + "'");
        }, input.get());
        spec.commandLine().getOut().print(output.render(plan));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
