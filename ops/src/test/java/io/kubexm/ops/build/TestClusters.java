package io.kubexm.ops.build;

/** cluster.yaml texts for build tests: three masters that are the etcd members on 127.0.0.2-4, two workers. */
final class TestClusters {
    private TestClusters() {
    }

    static String threeMasters(String name, String extraSpec) {
        return """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata:
                  name: %s
                spec:
                  hosts:
                    - {name: node1, address: 127.0.0.2}
                    - {name: node2, address: 127.0.0.3}
                    - {name: node3, address: 127.0.0.4}
                    - {name: node4, address: 127.0.0.5}
                    - {name: node5, address: 127.0.0.6}
                  roleGroups:
                    etcd: [node1, node2, node3]
                    master: [node1, node2, node3]
                    worker: [node4, node5]
                %s""".formatted(name, extraSpec.indent(2));
    }
}
