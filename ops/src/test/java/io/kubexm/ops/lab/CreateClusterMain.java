package io.kubexm.ops.lab;

import io.kubexm.api.ClusterConfigs;
import io.kubexm.engine.ConsoleEventSink;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.ClusterRun;
import io.kubexm.ops.Pipelines;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** create cluster in a JVM of its own, so that a test can SIGKILL it mid-run: args CLUSTER_YAML BUILD_ROOT. */
public final class CreateClusterMain {
    private CreateClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        ClusterInput input = ClusterInput.of(ClusterConfigs.validate(config).orThrow(), config.getParent(), Path.of(args[1]));
        try (ClusterRun run = ClusterRun.open(input, new ClusterRun.Options(false, 50, Optional.empty(),
                List.of(new ConsoleEventSink(System.out))))) {
            System.exit(run.run(Pipelines.createCluster()).succeeded() ? 0 : 1);
        }
    }
}
