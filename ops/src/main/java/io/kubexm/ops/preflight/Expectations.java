package io.kubexm.ops.preflight;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.Host;
import io.kubexm.api.ProxyMode;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one node must satisfy, derived from its roles.
 *
 * @param ports          ports this node's roles need free, with the process kubexm itself runs there
 *                       (a second run finds its own etcd on 2379 and accepts it)
 * @param minMemoryBytes 0 when the node's roles set no minimum
 * @param fixesResolver  true when {@code spec.extra.resolves} lets node preparation write the resolver
 */
public record Expectations(String node, String internalAddress, String cluster, Map<Integer, String> ports,
                           List<String> modules, int minCpus, long minMemoryBytes, String memoryLabel,
                           boolean fixesResolver, Set<Check> skip) {

    static final long GIB = 1024L * 1024 * 1024;

    public Expectations {
        ports = java.util.Collections.unmodifiableMap(new TreeMap<>(ports));
        modules = List.copyOf(modules);
        skip = Set.copyOf(skip);
    }

    public static Expectations of(Topology t, Host h, Set<Check> skip) {
        ClusterConfig c = t.config();
        Map<Integer, String> ports = new TreeMap<>();
        boolean master = t.has(h, Role.MASTER);
        boolean worker = t.has(h, Role.WORKER);
        if (master) {
            ports.put(Topology.API_SERVER_PORT, "kube-apiserver");
            ports.put(10257, "kube-controller");
            ports.put(10259, "kube-scheduler");
        }
        if (t.has(h, Role.ETCD)) {
            ports.put(Topology.ETCD_CLIENT_PORT, "etcd");
            ports.put(Topology.ETCD_PEER_PORT, "etcd");
        }
        if (master || worker) {
            ports.put(10250, "kubelet");
        }
        List<String> modules = new ArrayList<>(List.of("br_netfilter", "overlay"));
        if (t.spec().kubernetes().proxyMode() == ProxyMode.IPVS) {
            modules.addAll(List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack"));
        }
        long memory = master ? 4 * GIB : worker ? 2 * GIB : 0;
        return new Expectations(h.name(), h.internalAddress(), c.name(), ports, modules, master || worker ? 2 : 1,
                memory, master ? "4 GB (master)" : worker ? "2 GB (worker)" : "", !t.spec().extra().resolves().isEmpty(),
                skip);
    }
}
