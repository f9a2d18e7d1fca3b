package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterSpec;
import io.kubexm.api.Host;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.LoadBalancerSpec;
import io.kubexm.api.Role;
import io.kubexm.api.StorageSpec;
import io.kubexm.api.Topology;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.BomRequest.LoadBalancer;
import io.kubexm.artifacts.BomRequest.Storage;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The bill-of-materials request a cluster config amounts to. */
public final class ClusterBom {
    private ClusterBom() {
    }

    /**
     * @param oses the operating systems of the nodes (the config does not name them; hosts report
     *             theirs only when reached), for the OS package repositories
     */
    public static BomRequest request(ClusterConfig config, List<String> oses) {
        ClusterSpec s = config.spec();
        List<Arch> arches = s.hosts().stream().map(Host::arch).distinct().toList();
        Map<String, String> versions = new HashMap<>();
        versions.put("kubernetes", s.kubernetes().version());
        versions.put("etcd", s.etcd().version());
        versions.put(s.runtime().type().yaml(), s.runtime().version());
        versions.put("harbor", s.registry().harbor().version());
        return new BomRequest(oses, arches.isEmpty() ? List.of(Arch.AMD64) : arches,
                s.kubernetes().type(), s.etcd().type(), s.runtime().type(), Optional.of(s.network().plugin()),
                loadBalancer(s), s.registry().type(),
                s.network().nodeLocalDNS(),
                storage(s.storage()),
                s.system().debs(), s.system().rpms(), versions,
                s.addons().stream().flatMap(a -> a.helm().stream().map(h -> new BomRequest.HelmChart(a.name(),
                        h.repo(), h.chart(), h.version()))).toList(),
                Topology.of(config).hostsByRole().getOrDefault(Role.REGISTRY, List.of()).stream().map(Host::arch)
                        .distinct().toList());
    }

    /** The config's zone, or KXZONE when the config leaves it empty. */
    public static Zone zone(ClusterConfig config, String kxzoneEnv) {
        return config.spec().zone() == Zone.CN ? Zone.CN : Zone.fromEnv(kxzoneEnv);
    }

    private static LoadBalancer loadBalancer(ClusterSpec s) {
        LoadBalancerSpec lb = s.loadbalancer();
        if (!lb.enabled()) {
            return LoadBalancer.NONE;
        }
        boolean staticPod = s.kubernetes().type() == KubernetesType.KUBEADM;
        return switch (lb.mode()) {
            case KUBE_VIP -> LoadBalancer.KUBE_VIP;
            case INTERNAL -> switch (lb.type()) {
                case NGINX, KUBEXM_KN -> staticPod ? LoadBalancer.NGINX_STATIC_POD : LoadBalancer.NGINX_BINARY;
                default -> staticPod ? LoadBalancer.HAPROXY_STATIC_POD : LoadBalancer.HAPROXY_BINARY;
            };
            case EXTERNAL -> switch (lb.type()) {
                case KUBEXM_KH, HAPROXY -> LoadBalancer.EXTERNAL_KEEPALIVED_HAPROXY;
                case KUBEXM_KN, NGINX -> LoadBalancer.EXTERNAL_KEEPALIVED_NGINX;
                case EXTERNAL -> LoadBalancer.EXTERNAL_USER;
            };
        };
    }

    private static Set<Storage> storage(StorageSpec st) {
        Set<Storage> out = new LinkedHashSet<>();
        if (st.localPath().enabled()) {
            out.add(Storage.LOCAL_PATH);
        }
        if (st.openebs().enabled()) {
            out.add(Storage.OPENEBS);
        }
        if (st.nfs().enabled()) {
            out.add(Storage.NFS);
        }
        if (st.rookCeph().enabled()) {
            out.add(Storage.ROOK_CEPH);
        }
        if (st.longhorn().enabled()) {
            out.add(Storage.LONGHORN);
        }
        return out;
    }
}
