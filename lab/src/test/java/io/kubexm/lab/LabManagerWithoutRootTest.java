package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without root no lab can be read, so listing must say root is needed instead of "no labs". */
class LabManagerWithoutRootTest {
    @Test
    void listingAndFindingLabsSayTheyNeedRoot(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state.resolve("one"));
        Files.writeString(state.resolve("one/lab.json"), """
                {"name":"one","os":"debian12","subnet":"172.29.250.0/24","nodes":["node1"],"clusterYaml":"/nonexistent/one/cluster.yaml"}
                """);
        LabManager asUser = new LabManager(new LabSettings(dir.resolve("cache"), state, dir.resolve("conf")), line -> { }, false);
        assertThatThrownBy(asUser::list).isInstanceOf(LabException.class).hasMessageContaining("kubexm lab needs root")
                .hasMessageContaining("run it with sudo");
        assertThatThrownBy(() -> asUser.find("one")).hasMessageContaining("kubexm lab needs root");
        assertThatThrownBy(() -> asUser.require("one")).hasMessageContaining("kubexm lab needs root");
    }
}
