package io.kubexm.ops.build;

import io.kubexm.pki.CertRequest;
import java.util.List;

/**
 * One certificate of the cluster: which CA signs it, what it says, and every copy on the nodes.
 * A certificate shared by several nodes (apiserver, admin) is issued once and copied.
 */
public record CertPlan(String id, CaId ca, CertRequest request, List<Placement> placements) {

    /** The cluster's signing CAs. */
    public enum CaId {
        KUBERNETES,
        FRONT_PROXY,
        ETCD
    }

    public CertPlan {
        if (placements.isEmpty()) {
            throw new IllegalArgumentException("certificate " + id + " has no node to go to");
        }
        placements = List.copyOf(placements);
    }
}
