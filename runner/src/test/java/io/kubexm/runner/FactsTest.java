package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.connector.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FactsTest extends LoopbackNode {
    @Test
    void factsMatchWhatTheMachineSays() throws Exception {
        HostFacts f = Facts.gather(node);
        String osRelease = Files.readString(Path.of("/etc/os-release"));
        assertThat(osRelease).contains("ID=" + f.osId() + "\n").containsPattern("VERSION_ID=\"?" + f.osVersion() + "\"?\n");
        assertThat(f.kernel()).isEqualTo(TestSshd.Sh.run("uname", "-r").strip());
        assertThat(f.arch()).isEqualTo(Facts.arch(TestSshd.Sh.run("uname", "-m").strip()));
        assertThat(f.cpus()).isEqualTo(Integer.parseInt(TestSshd.Sh.run("nproc", "--all").strip()));
        String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst().orElseThrow();
        assertThat(f.memoryBytes()).isEqualTo(Long.parseLong(memTotal.replaceAll("\\D", "")) * 1024);
        assertThat(f.hostname()).isEqualTo(TestSshd.Sh.run("uname", "-n").strip());
        assertThat(f.init()).isEqualTo(Files.isDirectory(Path.of("/run/systemd/system")) ? HostFacts.InitSystem.SYSTEMD : HostFacts.InitSystem.OTHER);
        assertThat(f.packageManager()).isEqualTo(HostFacts.PackageManager.APT);
        ProcessBuilder detect = new ProcessBuilder("systemd-detect-virt", "--container");
        String container = new String(detect.start().getInputStream().readAllBytes()).strip();
        assertThat(f.container().orElse("none")).isEqualTo(container);
    }

    @Test
    void archNamesFollowKubernetes() {
        assertThat(Facts.arch("x86_64")).isEqualTo("amd64");
        assertThat(Facts.arch("aarch64")).isEqualTo("arm64");
        assertThat(Facts.arch("mips")).isEqualTo("mips");
    }
}
