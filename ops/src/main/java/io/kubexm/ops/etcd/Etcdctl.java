package io.kubexm.ops.etcd;

import io.kubexm.ops.build.ClusterPki;

/** etcdctl against this cluster with a member's admin certificate (v3 API, TLS). */
record Etcdctl(String node, String endpoint) {
    String command(String args) {
        String ssl = ClusterPki.ETCD_SSL;
        return "ETCDCTL_API=3 " + EtcdBinaries.ETCDCTL + " --endpoints=" + endpoint + " --cacert=" + ssl + "/ca.pem --cert=" + ssl
                + "/admin-" + node + ".pem --key=" + ssl + "/admin-" + node + "-key.pem --command-timeout=10s " + args;
    }
}
