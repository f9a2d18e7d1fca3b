package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubexm validate} and {@code kubexm config view}, run as a user would. */
class ValidateCommandTest {
    private static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", "..")).toAbsolutePath().normalize();

    @Test
    void anInvalidFilePrintsExactlyItsExpectedProblemsAndExitsTwo() throws Exception {
        String example = "examples/invalid/77-many-mistakes.yaml";
        CliRun r = CliRun.in(REPO, "validate", "-f", example);
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(Files.readString(REPO.resolve(example.replace(".yaml", ".expected")))
                + example + ": 11 errors, 0 warnings\n");
        assertThat(r.err()).doesNotContain("hunter2");
    }

    @Test
    void clusterNameReadsConfUnderTheWorkingDirectory(@TempDir Path work) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/row9"));
        Files.copy(REPO.resolve("examples/topologies/09-kubexm-kubexm-multi-internal-haproxy.yaml"),
                conf.resolve("cluster.yaml"));
        CliRun r = CliRun.in(work, "validate", "--cluster=row9");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                conf/row9/cluster.yaml: valid
                  cluster row9: kubernetes v1.32.4 (kubexm), etcd kubexm on master1, master2, master3
                  3 master(s), 2 worker(s); control plane at https://lb.kubexm.local:6443 -> 127.0.0.1
                  load balancer: internal haproxy on 127.0.0.1 of 2 worker(s), as systemd services
                  runtime containerd v1.7.27; network calico, pods 10.233.64.0/18, services 10.233.0.0/18, \
                cluster DNS 10.233.0.10
                """);

        CliRun missing = CliRun.in(work, "validate", "--name", "other");
        assertThat(missing.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(missing.err()).startsWith("conf/other/cluster.yaml: no such file\n");

        Files.createDirectories(work.resolve("conf/renamed"));
        Files.copy(conf.resolve("cluster.yaml"), work.resolve("conf/renamed/cluster.yaml"));
        CliRun renamed = CliRun.in(work, "validate", "--name=renamed");
        assertThat(renamed.exit()).isZero();
        assertThat(renamed.err()).startsWith(
                "conf/renamed/cluster.yaml:6:9: warning: metadata.name 'row9' differs from its directory conf/renamed/\n");
        assertThat(renamed.out()).startsWith("conf/renamed/cluster.yaml: valid (1 warning)\n");
    }

    @Test
    void configViewPrintsEveryDefaultAndMasksPasswords(@TempDir Path work) throws IOException {
        Path file = work.resolve("cluster.yaml");
        Files.writeString(file, """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata: {name: demo}
                spec:
                  hosts:
                    - {name: node1, address: 10.0.0.11, user: ubuntu, password: hunter2, sudoPassword: hunter3}
                  roleGroups: {master: [node1], worker: [node1]}
                  kubernetes: {type: kubexm}
                  runtime: {type: docker}
                """, StandardCharsets.UTF_8);
        CliRun r = CliRun.of("config", "view", "-f", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).doesNotContain("hunter")
                .contains("      password: '******'\n", "      sudoPassword: '******'\n", "      privateKeyPassphrase: \"\"\n")
                .contains("      validityDays: 3650\n", "    dataDir: /var/lib/docker\n", "  zone: \"\"\n");
    }

    @Test
    void configViewOfAnInvalidFileListsItsProblemsAndExitsTwo() {
        CliRun r = CliRun.of("config", "view", "-f", REPO.resolve("examples/invalid/04-port-not-a-number.yaml").toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("04-port-not-a-number.yaml:11:53: error: spec.hosts[3].port: expected an integer");
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(CliRun.of("validate").exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(CliRun.of("validate", "--cluster=a", "-f", "b").err()).contains("give either --cluster=NAME or -f FILE");
        assertThat(CliRun.of("validate", "--bogus").exit()).isEqualTo(Main.EXIT_INVALID);
        CliRun traversal = CliRun.of("validate", "--cluster=../etc");
        assertThat(traversal.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(traversal.err()).contains("cluster name '../etc' is not a DNS-1123 label");
        assertThat(CliRun.of("no-such-command").exit()).isEqualTo(Main.EXIT_INVALID);
    }
}
