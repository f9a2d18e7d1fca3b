package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.FileOptions;
import io.kubexm.connector.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteFilesTest extends LoopbackNode {
    final RemoteFiles files = new RemoteFiles(node);

    @Test
    void writeReadShaAndRemoveAreIdempotent() throws Exception {
        String f = path("files/conf/app.conf");
        assertThat(files.mkdir(path("files/conf"), "0750", Optional.of(lab.users.plain.name()))).isEqualTo(Change.CHANGED);
        assertThat(files.mkdir(path("files/conf"), "0750", Optional.of(lab.users.plain.name()))).isEqualTo(Change.UNCHANGED);
        assertThat(TestSshd.Sh.run("stat", "-c", "%a %U", path("files/conf"))).isEqualTo("750 " + lab.users.plain.name() + "\n");

        assertThat(files.exists(f)).isFalse();
        assertThat(files.read(f)).isEmpty();
        assertThat(files.sha256(f)).isEmpty();
        assertThat(files.write(f, "k=v\n", FileOptions.defaults().withMode("0600"))).isEqualTo(Change.CHANGED);
        assertThat(files.write(f, "k=v\n", FileOptions.defaults().withMode("0600"))).isEqualTo(Change.UNCHANGED);
        assertThat(files.exists(f)).isTrue();
        assertThat(files.read(f)).contains("k=v\n");
        assertThat(files.sha256(f)).contains(TestSshd.Sh.run("sha256sum", f).split(" ")[0]);
        assertThat(Files.getOwner(Path.of(f)).getName()).isEqualTo("root");

        assertThat(files.chmod(f, "0644")).isEqualTo(Change.CHANGED);
        assertThat(files.chmod(f, "0644")).isEqualTo(Change.UNCHANGED);
        assertThat(files.chown(f, lab.users.plain.name() + ":" + lab.users.plain.name())).isEqualTo(Change.CHANGED);
        assertThat(files.chown(f, lab.users.plain.name() + ":" + lab.users.plain.name())).isEqualTo(Change.UNCHANGED);
        assertThat(TestSshd.Sh.run("stat", "-c", "%a %U:%G", f)).isEqualTo("644 " + lab.users.plain.name() + ":" + lab.users.plain.name() + "\n");

        assertThat(files.remove(path("files/conf"))).isEqualTo(Change.CHANGED);
        assertThat(files.remove(path("files/conf"))).isEqualTo(Change.UNCHANGED);
        assertThat(Path.of(f)).doesNotExist();
    }

    @Test
    void anUnreadableFileNamesTheNodeAndWhatToCheck() {
        String dir = path("a-directory");
        files.mkdir(dir, "0755", Optional.empty());
        assertThatThrownBy(() -> files.read(dir))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("cannot read " + dir + " on node node-sudo (127.0.0.1:" + lab.sshd.port() + "): cat: ")
                .hasMessageContaining("Is a directory")
                .hasMessageEndingWith("; make sure " + dir + " is a readable file there (not a directory or a socket), or fix the path");
    }

    @Test
    void refusesRelativePathsAndRoot() {
        assertThatThrownBy(() -> files.remove("/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.read("etc/hosts")).isInstanceOf(IllegalArgumentException.class);
    }
}
