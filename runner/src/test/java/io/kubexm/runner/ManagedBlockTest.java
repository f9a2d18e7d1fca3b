package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManagedBlockTest {
    @Test
    void appendsThenReplacesInPlaceLeavingTheRestAlone() {
        String hosts = "127.0.0.1 localhost\n::1 localhost\n";
        String once = ManagedBlock.apply(hosts, "hosts", "10.0.0.1 node1\n", "f");
        assertThat(once).isEqualTo(hosts + "# BEGIN kubexm hosts\n10.0.0.1 node1\n# END kubexm hosts\n");
        String edited = once + "192.168.1.1 mine\n";
        assertThat(ManagedBlock.apply(edited, "hosts", "10.0.0.2 node2", "f")).isEqualTo(
                hosts + "# BEGIN kubexm hosts\n10.0.0.2 node2\n# END kubexm hosts\n192.168.1.1 mine\n");
        assertThat(ManagedBlock.apply(once, "hosts", "10.0.0.1 node1\n", "f")).isEqualTo(once);
    }

    @Test
    void blocksWithOtherNamesAreIndependent() {
        String two = ManagedBlock.apply(ManagedBlock.apply("", "a", "1", "f"), "b", "2", "f");
        assertThat(ManagedBlock.remove(two, "a", "f")).isEqualTo("# BEGIN kubexm b\n2\n# END kubexm b\n");
        assertThat(ManagedBlock.remove("x\n", "a", "f")).isEqualTo("x\n");
    }

    @Test
    void brokenMarkersAreReportedWithFileAndLine() {
        assertThatThrownBy(() -> ManagedBlock.apply("x\n# BEGIN kubexm a\ny\n", "a", "1", "node1:/etc/hosts"))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("node1:/etc/hosts:2: '# BEGIN kubexm a' is never closed");
        assertThatThrownBy(() -> ManagedBlock.remove("# END kubexm a\n", "a", "f"))
                .hasMessageStartingWith("f:1: '# END kubexm a' without its BEGIN line");
    }
}
