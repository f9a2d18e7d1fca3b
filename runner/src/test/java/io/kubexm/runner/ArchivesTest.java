package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real archives made by GNU tar, including hostile ones. */
class ArchivesTest extends LoopbackNode {
    @Test
    void extractsASafeArchiveWithStrippedComponents() throws Exception {
        Path src = scratch.resolve("src-safe/etcd-v3.5.0");
        Files.createDirectories(src.resolve("docs"));
        Files.writeString(src.resolve("etcd"), "#!/bin/sh\n");
        src.resolve("etcd").toFile().setExecutable(true);
        Files.writeString(src.resolve("docs/README"), "read me\n");
        Files.createSymbolicLink(src.resolve("docs/link"), Path.of("../etcd"));
        String tar = path("safe.tar.gz");
        TestSshd.Sh.run("tar", "-czf", tar, "-C", src.getParent().toString(), "etcd-v3.5.0");
        String target = path("out-safe");
        int count = new Archives(node).extract(tar, target, 1);
        assertThat(count).isEqualTo(4);
        assertThat(Path.of(target, "etcd")).isExecutable();
        assertThat(Path.of(target, "docs/README")).hasContent("read me");
        assertThat(Files.readSymbolicLink(Path.of(target, "docs/link"))).isEqualTo(Path.of("../etcd"));
        assertThat(Files.getOwner(Path.of(target, "etcd")).getName()).isEqualTo("root");
    }

    @Test
    void refusesDotDotAbsoluteAndEscapingLinksBeforeWritingAnything() throws Exception {
        Path src = scratch.resolve("src-evil");
        Files.createDirectories(src.resolve("a"));
        Files.writeString(src.resolve("a/ok"), "ok\n");
        Files.createSymbolicLink(src.resolve("a/out"), Path.of("../../../etc"));
        String tar = path("evil.tar");
        TestSshd.Sh.run("tar", "-cf", tar, "-C", src.toString(), "a");
        // members named with .. and an absolute path, stored verbatim with -P
        TestSshd.Sh.run("tar", "-rPf", tar, "--transform", "s|^.*ok$|../../escaped|", src.resolve("a/ok").toString());
        TestSshd.Sh.run("tar", "-rPf", tar, src.resolve("a/ok").toString());
        String target = path("out-evil");
        assertThatThrownBy(() -> new Archives(node).extract(tar, target, 0))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("refusing to extract " + tar + " on node node-sudo")
                .hasMessageContaining("a/out: symbolic link ../../../etc points outside the target directory")
                .hasMessageContaining("../../escaped: name climbs out with '..'")
                .hasMessageContaining(src.resolve("a/ok") + ": absolute name")
                .hasMessageContaining("nothing was extracted");
        assertThat(Path.of(target)).doesNotExist();
        assertThat(scratch.resolve("escaped")).doesNotExist();
    }

    @Test
    void membersAreJudgedAfterStripping() {
        assertThat(Archives.problem(new Archives.Entry('l', "bin/x", Optional.of("../lib/x")))).isEmpty();
        assertThat(Archives.problem(new Archives.Entry('l', "x", Optional.of("../lib/x")))).isPresent();
        assertThat(Archives.problem(new Archives.Entry('h', "x", Optional.of("/etc/shadow")))).contains("absolute hard link target");
        assertThat(Archives.problem(new Archives.Entry('c', "dev/null", Optional.empty()))).isPresent();
        assertThat(Archives.problem(new Archives.Entry('-', "a/../b", Optional.empty()))).isPresent();
    }
}
