package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortsTest extends LoopbackNode {
    @Test
    void namesTheProcessAndPidHoldingAPort() {
        Ports.Listener sshd = new Ports(node).holder(lab.sshd.port()).orElseThrow();
        assertThat(sshd.address()).isEqualTo("127.0.0.1");
        assertThat(sshd.process()).contains("sshd");
        assertThat(sshd.pid()).contains(lab.sshd.pid());
        assertThat(new Ports(node).holder(io.kubexm.connector.testing.TestSshd.freePort())).isEmpty();
    }

    @Test
    void parsesIpv6AndUnknownProcesses() {
        String ss = """
                LISTEN 0      4096               [::]:6443          [::]:*    users:(("kube-apiserver",pid=812,fd=7))
                LISTEN 0      128      127.0.0.53%lo:53          0.0.0.0:*
                """;
        assertThat(Ports.parse(ss)).containsExactly(
                new Ports.Listener("[::]", 6443, Optional.of("kube-apiserver"), Optional.of(812L)),
                new Ports.Listener("127.0.0.53", 53, Optional.empty(), Optional.empty()));
    }
}
