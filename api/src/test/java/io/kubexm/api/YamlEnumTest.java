package io.kubexm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YamlEnumTest {

    @Test
    void parsesExactlyTheSpellingsOfClusterYaml() {
        assertThat(YamlEnum.parse(RuntimeType.class, "--runtime", "cri-o")).isEqualTo(RuntimeType.CRI_O);
        assertThatThrownBy(() -> YamlEnum.parse(RuntimeType.class, "--runtime", "rkt"))
                .hasMessage("--runtime: 'rkt' is not one of containerd | docker | cri-o | isulad");
        assertThatThrownBy(() -> YamlEnum.parse(RuntimeType.class, "--runtime", "CRI_O"))
                .hasMessage("--runtime: 'CRI_O' is not one of containerd | docker | cri-o | isulad; did you mean 'cri-o'?");
        assertThatThrownBy(() -> YamlEnum.parse(Arch.class, "--arch", "x86_64"))
                .hasMessage("--arch: 'x86_64' is not one of amd64 | arm64; did you mean 'amd64'?");
    }

    @Test
    void aMachineReportsItsArchitectureUnderEitherName() {
        assertThat(Arch.reported("x86_64")).contains(Arch.AMD64);
        assertThat(Arch.reported("amd64")).contains(Arch.AMD64);
        assertThat(Arch.reported("aarch64")).contains(Arch.ARM64);
        assertThat(Arch.reported("armv8")).isEmpty();
        assertThat(Arch.ARM64.uname()).isEqualTo("aarch64");
    }
}
