package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabSpecTest {
    @Test
    void namesMustFitTheBridgeName() {
        assertThat(LabSpec.of("a", 1).name()).isEqualTo("a");
        assertThat(LabSpec.of("lab-2", 3).nodes()).isEqualTo(3);
        assertThat(LabNames.bridge("abcdefghijk")).hasSize(15);
        assertThatThrownBy(() -> LabSpec.of("abcdefghijkl", 1)).hasMessageContaining("1 to 11");
        assertThatThrownBy(() -> LabSpec.of("Lab", 1)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> LabSpec.of("lab-", 1)).hasMessageContaining("ending with a letter or digit");
        assertThatThrownBy(() -> LabSpec.of("a.b", 1)).hasMessageContaining("lab name 'a.b'");
    }

    @Test
    void nodeCountAndMirrorAreChecked() {
        assertThatThrownBy(() -> LabSpec.of("lab", 0)).hasMessageContaining("1 to 200");
        assertThatThrownBy(() -> new LabSpec("lab", 1, LabOs.DEBIAN12, "ftp://x")).hasMessageContaining("mirror");
        assertThatThrownBy(() -> LabOs.parse("centos7")).hasMessageContaining("debian12, debian11");
    }

    @Test
    void hostNamesOfDifferentLabsNeverCollide() {
        assertThat(LabNames.hostLink("a", "node1")).hasSize(13).isNotEqualTo(LabNames.hostLink("b", "node1"));
        assertThat(LabNames.machine("a", "node1")).doesNotStartWith(LabNames.machinePrefix("a-b"));
        assertThat(LabNames.machine("a-b", "node1")).doesNotStartWith(LabNames.machinePrefix("a"));
    }
}
