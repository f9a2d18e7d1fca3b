package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code create cluster --dry-run} as a user runs it, against hosts that refuse every connection. */
class CreateClusterDryRunTest {

    @TempDir
    Path work;

    /** Port 1 on loopback: connections are refused at once, so preflight fails fast. */
    private Path config() throws IOException {
        Path file = work.resolve("cluster.yaml");
        Files.writeString(file, """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata:
                  name: dry
                spec:
                  hosts:
                    - {name: node1, address: 127.0.0.1, port: 1, user: root, password: not-used-1}
                  roleGroups:
                    master: [node1]
                    worker: [node1]
                  kubernetes:
                    type: kubeadm
                    version: v1.32.4
                  etcd:
                    type: kubeadm
                  loadbalancer:
                    enabled: false
                """);
        return file;
    }

    @Test
    void aDryRunWritesNoCertificateNorKey() throws Exception {
        CliRun r = CliRun.in(work, "create", "cluster", "-f", config().toString(), "--dry-run");

        assertThat(r.out() + r.err()).contains("dry run");
        assertThat(work.resolve("build/dry/pki")).doesNotExist();
        assertThat(work.resolve("build/dry/node1")).doesNotExist();
        assertThat(work.resolve("build/dry/manifest.json")).doesNotExist();
    }

    @Test
    void withClusterNameTheRunKeepsItsFilesUnderThatName() throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/prod"));
        Files.move(config(), conf.resolve("cluster.yaml")); // metadata.name is 'dry'

        CliRun r = CliRun.in(work, "create", "cluster", "--cluster=prod", "--dry-run");

        assertThat(r.out() + r.err()).contains("dry run").contains("differs from its directory conf/prod/");
        assertThat(work.resolve("build/prod/state.db")).as("where kubexm build --cluster=prod writes").exists();
        assertThat(work.resolve("build/dry")).doesNotExist();
    }

    /** One distinct value per secret field of the api model. */
    private static final List<String> PASSWORDS = List.of("pw-host-Zq81", "pw-passphrase-Zq82", "pw-sudo-Zq83",
            "pw-bastion-Zq84", "pw-registry-auth-Zq85", "pw-harbor-admin-Zq86");

    @Test
    void noSecretOfClusterYamlReachesTheConsoleTheEventLogOrTheStateDatabase() throws Exception {
        Path key = work.resolve("id_ed25519");
        Files.writeString(key, "not a key\n");
        Path file = work.resolve("secrets.yaml");
        Files.writeString(file, """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata:
                  name: dry
                spec:
                  hosts:
                    - {name: node1, address: 127.0.0.1, port: 1, user: admin, password: %s,
                       privateKeyPath: %s, privateKeyPassphrase: %s, sudoPassword: %s}
                  bastion: {address: 127.0.0.1, port: 1, user: jump, password: %s}
                  roleGroups:
                    master: [node1]
                    worker: [node1]
                  kubernetes:
                    type: kubeadm
                    version: v1.32.4
                  etcd:
                    type: kubeadm
                  loadbalancer:
                    enabled: false
                  registry:
                    auths:
                      registry.example.com: {username: pull, password: %s}
                    harbor: {version: v2.10.2, adminPassword: %s}
                """.formatted(PASSWORDS.get(0), key, PASSWORDS.get(1), PASSWORDS.get(2), PASSWORDS.get(3),
                PASSWORDS.get(4), PASSWORDS.get(5)));

        CliRun r = CliRun.in(work, "create", "cluster", "-f", file.toString(), "--dry-run");

        assertThat(r.out() + r.err()).as("the run got as far as the engine").contains("dry run");
        List<Path> written;
        try (var files = Files.walk(work.resolve("build"))) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).as("the event log and the state database").anyMatch(p -> p.toString().endsWith(".jsonl"))
                .anyMatch(p -> p.getFileName().toString().startsWith("state.db"));
        for (String password : PASSWORDS) {
            assertThat(r.out() + r.err()).doesNotContain(password);
            for (Path f : written) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s", f).doesNotContain(password);
            }
        }
    }
}
