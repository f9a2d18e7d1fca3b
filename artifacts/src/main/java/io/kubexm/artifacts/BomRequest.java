package io.kubexm.artifacts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a bill of materials is computed from: the OS/arch matrix and the choices of a
 * cluster. Built from command-line options or from a cluster config.
 *
 * @param versions component versions that win over the catalog's (e.g. the config's etcd.version)
 */
public record BomRequest(List<String> oses,
                         List<Arch> arches,
                         KubernetesType kubernetesType,
                         EtcdType etcdType,
                         RuntimeType runtime,
                         Cni cni,
                         LoadBalancer loadBalancer,
                         RegistryType registry,
                         boolean nodeLocalDns,
                         Set<Storage> storage,
                         List<String> extraDebs,
                         List<String> extraRpms,
                         Map<String, String> versions,
                         List<HelmChart> charts) {

    /** A Helm chart an addon installs, fetched from its repository and verified by the repository's index. */
    public record HelmChart(String addon, String repo, String chart, String version) {}

    public BomRequest {
        oses = List.copyOf(oses);
        arches = List.copyOf(arches);
        storage = Set.copyOf(storage);
        extraDebs = List.copyOf(extraDebs);
        extraRpms = List.copyOf(extraRpms);
        versions = Map.copyOf(versions);
        charts = List.copyOf(charts);
        if (arches.isEmpty()) {
            throw new IllegalArgumentException("at least one architecture is needed (--arch amd64,arm64)");
        }
    }

    /** This request with {@code more} versions for the components it does not version itself. */
    public BomRequest withMoreVersions(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(more);
        merged.putAll(versions);
        return new BomRequest(oses, arches, kubernetesType, etcdType, runtime, cni, loadBalancer, registry, nodeLocalDns,
                storage, extraDebs, extraRpms, merged, charts);
    }

    public enum KubernetesType { KUBEADM, KUBEXM }

    public enum EtcdType { KUBEADM, KUBEXM, EXTERNAL }

    public enum RuntimeType {
        CONTAINERD("containerd"), DOCKER("docker"), CRI_O("cri-o"), ISULAD("isulad");

        private final String id;

        RuntimeType(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public enum Cni { CALICO, FLANNEL, CILIUM, KUBE_ROUTER, NONE }

    /** The load balancer in front of the API servers and how it runs. */
    public enum LoadBalancer {
        NONE, HAPROXY_STATIC_POD, NGINX_STATIC_POD, HAPROXY_BINARY, NGINX_BINARY, KUBE_VIP,
        EXTERNAL_KEEPALIVED_HAPROXY, EXTERNAL_KEEPALIVED_NGINX, EXTERNAL_USER
    }

    public enum RegistryType { REGISTRY, HARBOR, EXTERNAL, NONE }

    public enum Storage { LOCAL_PATH, OPENEBS, NFS, ROOK_CEPH, LONGHORN }

    /** Parses an enum from its kebab- or snake-case spelling, naming the valid values when wrong. */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            valid.append(valid.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + text + "': use one of " + valid);
    }
}
