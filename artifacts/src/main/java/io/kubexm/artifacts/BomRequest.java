package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import io.kubexm.api.EtcdType;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.RegistryType;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.YamlEnum;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a bill of materials is computed from: the OS/arch matrix and the choices of a
 * cluster. Built from command-line options or from a cluster config.
 *
 * @param cni        empty for a cluster that brings its own
 * @param versions   component versions that win over the catalog's (e.g. the config's etcd.version)
 * @param registryArches the arches of the hosts that run the registry (harbor, registry); empty when not
 *                   known (a matrix): then every requested arch the registry is published for
 */
public record BomRequest(List<String> oses,
                         List<Arch> arches,
                         KubernetesType kubernetesType,
                         EtcdType etcdType,
                         RuntimeType runtime,
                         Optional<NetworkPlugin> cni,
                         LoadBalancer loadBalancer,
                         RegistryType registry,
                         boolean nodeLocalDns,
                         Set<Storage> storage,
                         List<String> extraDebs,
                         List<String> extraRpms,
                         Map<String, String> versions,
                         List<HelmChart> charts,
                         List<Arch> registryArches) {

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
        registryArches = List.copyOf(registryArches);
        if (arches.isEmpty()) {
            throw new IllegalArgumentException("at least one architecture is needed (--arch amd64,arm64)");
        }
    }

    /** This request with {@code more} versions for the components it does not version itself. */
    public BomRequest withMoreVersions(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(more);
        merged.putAll(versions);
        return new BomRequest(oses, arches, kubernetesType, etcdType, runtime, cni, loadBalancer, registry, nodeLocalDns,
                storage, extraDebs, extraRpms, merged, charts, registryArches);
    }

    /** The load balancer in front of the API servers and how it runs: cluster.yaml's mode and type, with kubeadm's static pods told apart. */
    public enum LoadBalancer implements YamlEnum {
        NONE, HAPROXY_STATIC_POD, NGINX_STATIC_POD, HAPROXY_BINARY, NGINX_BINARY, KUBE_VIP,
        EXTERNAL_KEEPALIVED_HAPROXY, EXTERNAL_KEEPALIVED_NGINX, EXTERNAL_USER;

        @Override
        public String yaml() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A storage provisioner; cluster.yaml enables each under spec.storage. */
    public enum Storage implements YamlEnum {
        LOCAL_PATH, OPENEBS, NFS, ROOK_CEPH, LONGHORN;

        @Override
        public String yaml() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
