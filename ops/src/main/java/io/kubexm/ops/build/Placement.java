package io.kubexm.ops.build;

/** Where one copy of a certificate and its key lives on a node. */
public sealed interface Placement {

    String node();

    /** `cert.pem` (0644) next to its key (0600). */
    record PemPair(String node, String certPath, String keyPath) implements Placement {
    }

    /** Embedded in a kubeconfig (0600) that talks to {@code server} as the certificate's common name. */
    record InKubeconfig(String node, String path, String server) implements Placement {
    }
}
