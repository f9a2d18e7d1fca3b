package io.kubexm.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.engine.Pipeline;
import io.kubexm.engine.Plan;
import io.kubexm.engine.PlanRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The create-cluster and delete-cluster plans of the 21 topologies of the deployment matrix, as
 * `kubexm plan` prints them, against reviewed snapshots under src/test/resources/plans/. Planning
 * touches no host. After an intended change: -Dkubexm.updateSnapshots=true, then review the diff.
 */
class PlanSnapshotTest {
    private static final Path TOPOLOGIES = Path.of("../examples/topologies");
    private static final Path SNAPSHOTS = Path.of("src/test/resources/plans");
    private static final boolean UPDATE = Boolean.getBoolean("kubexm.updateSnapshots");

    static List<Path> topologies() throws IOException {
        try (Stream<Path> files = Files.list(TOPOLOGIES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void createAndDeletePlansMatchTheirSnapshots(Path topology) throws IOException {
        ClusterConfig config = ClusterConfigs.validate(topology).orThrow();
        ClusterInput input = ClusterInput.of(config, topology.getParent(), Path.of("build"));
        String name = topology.getFileName().toString().replaceFirst("\\.yaml$", "");
        compare(Pipelines.createCluster(), input, SNAPSHOTS.resolve(name + ".create.txt"));
        compare(Pipelines.deleteCluster(), input, SNAPSHOTS.resolve(name + ".delete.txt"));
    }

    private static void compare(Pipeline<ClusterInput> pipeline, ClusterInput input, Path snapshot) throws IOException {
        Plan plan = Pipelines.plan(pipeline, input);
        String text = PlanRenderer.text(plan);
        assertThat(PlanRenderer.text(Pipelines.plan(pipeline, input))).as("planning is deterministic").isEqualTo(text);
        assertThat(plan.modules()).as("modules with nothing to do are left out").allMatch(m -> !m.tasks().isEmpty());
        if (UPDATE) {
            Files.createDirectories(snapshot.getParent());
            Files.writeString(snapshot, text);
        }
        assertThat(snapshot).as("snapshot %s (create it with -Dkubexm.updateSnapshots=true)", snapshot).exists();
        assertThat(text).isEqualTo(Files.readString(snapshot));
    }
}
