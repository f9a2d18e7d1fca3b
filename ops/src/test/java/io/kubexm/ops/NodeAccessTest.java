package io.kubexm.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.Topology;
import io.kubexm.util.Secret;
import org.junit.jupiter.api.Test;

class NodeAccessTest {

    @Test
    void everySecretFieldOfTheConfigIsMasked() {
        String yaml = """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata: {name: s}
                spec:
                  hosts:
                    - {name: node1, address: 10.0.0.1, user: admin, password: host-pw, privateKeyPassphrase: phrase,
                       sudoPassword: sudo-pw, bastion: {address: 10.0.0.8, user: j, password: host-bastion-pw}}
                    - {name: node2, address: 10.0.0.2, password: host2-pw}
                  bastion: {address: 10.0.0.9, user: j, password: bastion-pw}
                  roleGroups: {master: [node1], worker: [node2]}
                  registry:
                    auths:
                      a.example.com: {username: u, password: auth-a-pw}
                      b.example.com: {username: u, password: auth-b-pw}
                    harbor: {adminPassword: harbor-pw}
                """;
        Topology topology = Topology.of(ClusterConfigs.validate("s.yaml", yaml).config().orElseThrow());

        assertThat(NodeAccess.secrets(topology)).extracting(Secret::reveal).containsExactlyInAnyOrder(
                "host-pw", "phrase", "sudo-pw", "host-bastion-pw", "host2-pw", "bastion-pw", "auth-a-pw", "auth-b-pw", "harbor-pw");
    }
}
