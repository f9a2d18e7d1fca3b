package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench/lab/memory.sh against cgroup trees laid out as on cgroup v1 and v2 hosts. */
class BenchMemoryScriptTest {
    private static final Path SCRIPT = Path.of("..", "bench", "lab", "memory.sh").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private static void group(Path dir, String usageFile, long usage, String stat) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(usageFile), usage + "\n");
        Files.writeString(dir.resolve("memory.stat"), stat);
    }

    private String run(String lab) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), lab, root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void cgroupV2SumsMemoryCurrentAndAnonOfTheLabsNodes() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Path parent = root.resolve("kubexm-lab");
        group(parent.resolve("kxl-b.node1"), "memory.current", 1000, "anon 100\nfile 900\nanon_thp 0\n");
        group(parent.resolve("kxl-b.node2"), "memory.current", 2000, "anon 300\nfile 1700\n");
        group(parent.resolve("kxl-other.node1"), "memory.current", 99999, "anon 99999\n");
        assertThat(run("b")).isEqualTo("3000 400");
    }

    @Test
    void cgroupV1SumsUsageInBytesAndTotalRss() throws Exception {
        Path parent = root.resolve("memory").resolve("kubexm-lab");
        group(parent.resolve("kxl-b.node1"), "memory.usage_in_bytes", 5000, "rss 1\ntotal_rss 700\n");
        group(parent.resolve("kxl-b.node2"), "memory.usage_in_bytes", 6000, "rss 2\ntotal_rss 800\n");
        assertThat(run("b")).isEqualTo("11000 1500");
    }

    @Test
    void aLabWithoutCgroupsIsAnErrorNotZero() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "memory\n");
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), "missing", root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("no cgroup of lab missing under " + root.resolve("kubexm-lab"));
    }
}
