package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.connector.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ManagedBlocksTest extends LoopbackNode {
    @Test
    void ensureAndRemoveKeepTheFileAndItsMode() throws Exception {
        Path hosts = Path.of(path("etc-hosts"));
        Files.writeString(hosts, "127.0.0.1 localhost\n");
        Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r-----"));
        ManagedBlocks blocks = new ManagedBlocks(node);
        assertThat(blocks.ensure(hosts.toString(), "hosts", "10.0.0.1 node1\n10.0.0.2 node2")).isEqualTo(Change.CHANGED);
        assertThat(blocks.ensure(hosts.toString(), "hosts", "10.0.0.1 node1\n10.0.0.2 node2")).isEqualTo(Change.UNCHANGED);
        assertThat(hosts).hasContent("127.0.0.1 localhost\n# BEGIN kubexm hosts\n10.0.0.1 node1\n10.0.0.2 node2\n# END kubexm hosts");
        assertThat(TestSshd.Sh.run("stat", "-c", "%a %U", hosts.toString())).isEqualTo("640 root\n");
        assertThat(blocks.remove(hosts.toString(), "hosts")).isEqualTo(Change.CHANGED);
        assertThat(blocks.remove(hosts.toString(), "hosts")).isEqualTo(Change.UNCHANGED);
        assertThat(hosts).hasContent("127.0.0.1 localhost");
    }

    @Test
    void missingFileIsCreated() {
        String f = path("new-file");
        assertThat(new ManagedBlocks(node).ensure(f, "x", "a=1")).isEqualTo(Change.CHANGED);
        assertThat(Path.of(f)).hasContent("# BEGIN kubexm x\na=1\n# END kubexm x");
        assertThat(new ManagedBlocks(node).remove(path("absent"), "x")).isEqualTo(Change.UNCHANGED);
    }
}
