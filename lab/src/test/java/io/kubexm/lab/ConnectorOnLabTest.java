package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.FileOptions;
import io.kubexm.connector.Host;
import io.kubexm.connector.SshConnectors;
import io.kubexm.connector.SshOptions;
import io.kubexm.lab.junit.WithLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** kubexm's own SSH connector reaches every lab node with what the lab hands out: key and known_hosts. */
@WithLab(nodes = 3)
class ConnectorOnLabTest {

    @Test
    void theConnectorRunsCommandsAndUploadsFilesOnEveryNode(Lab lab, NodeShell shell) throws Exception {
        String knownBefore = Files.readString(lab.knownHosts());
        try (SshConnectors ssh = new SshConnectors(SshOptions.defaults(lab.knownHosts()))) {
            for (LabNode node : lab.nodes()) {
                Connector c = ssh.connector(Host.of(node.name(), node.address(), "root").withPrivateKey(lab.privateKey()));
                assertThat(c.exec(Command.of("hostname")).stdout().strip()).isEqualTo(node.name());
                byte[] content = ("written by the connector to " + node.name() + "\n").getBytes(StandardCharsets.UTF_8);
                assertThat(c.upload(content, "/etc/kubexm-lab-test", FileOptions.defaults()).skipped()).isFalse();
                assertThat(c.upload(content, "/etc/kubexm-lab-test", FileOptions.defaults()).skipped()).isTrue();
                assertThat(shell.check(node, "cat /etc/kubexm-lab-test && rm /etc/kubexm-lab-test"))
                        .isEqualTo(new String(content, StandardCharsets.UTF_8));
            }
        }
        // every host key was known in advance: the connector had nothing to add (no trust on first use)
        assertThat(Files.readString(lab.knownHosts())).isEqualTo(knownBefore);
    }
}
