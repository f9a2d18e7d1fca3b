package io.kubexm.api;

import io.kubexm.util.Cidr;
import io.kubexm.util.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Facts derived once from a valid {@link ClusterConfig}: who plays which role, how the control plane
 * is reached, the etcd cluster, well-known service addresses. Role lists keep the order of
 * {@code spec.roleGroups}; an empty etcd group means the masters (unless etcd is external).
 */
public record Topology(
        ClusterConfig config,
        Map<String, Host> hostsByName,
        Map<Role, List<Host>> hostsByRole,
        ControlPlaneEndpoint controlPlaneEndpoint,
        List<String> etcdEndpoints,
        String etcdInitialCluster,
        String firstServiceIp,
        String clusterDnsIp,
        List<String> apiServerCertSans,
        Optional<String> registryEndpoint) {

    public static final String INTERNAL_PROXY_ADDRESS = "127.0.0.1";
    public static final int API_SERVER_PORT = 6443;
    public static final int ETCD_CLIENT_PORT = 2379;
    public static final int ETCD_PEER_PORT = 2380;

    /**
     * @throws IllegalArgumentException when the config is not valid enough to derive a topology
     *     (no master, a role naming an undefined host); {@link ClusterConfigs} validation rules these out
     */
    public static Topology of(ClusterConfig config) {
        ClusterSpec spec = config.spec();
        Map<String, Host> byName = new LinkedHashMap<>();
        spec.hosts().forEach(h -> byName.put(h.name(), h));

        Map<Role, List<Host>> byRole = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            byRole.put(role, resolve(spec.roleGroups().of(role), byName, role));
        }
        List<Host> masters = byRole.get(Role.MASTER);
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("cluster " + config.name() + " has no master");
        }
        EtcdType etcdType = spec.etcd().type();
        if (etcdType == EtcdType.EXTERNAL) {
            byRole.put(Role.ETCD, List.of());
        } else if (byRole.get(Role.ETCD).isEmpty() || etcdType == EtcdType.KUBEADM) {
            byRole.put(Role.ETCD, masters); // kubeadm stacks etcd on every control-plane node
        }

        List<Host> etcd = byRole.get(Role.ETCD);
        List<String> etcdEndpoints = etcdType == EtcdType.EXTERNAL ? spec.etcd().external().endpoints()
                : etcd.stream().map(h -> "https://" + url(h.internalAddress()) + ":" + ETCD_CLIENT_PORT).toList();
        String initialCluster = String.join(",", etcd.stream()
                .map(h -> h.name() + "=https://" + url(h.internalAddress()) + ":" + ETCD_PEER_PORT).toList());

        Cidr services = Cidr.parse(spec.network().serviceCIDR());
        String firstServiceIp = services.addressAt(1).getHostAddress();
        String dnsIp = services.addressAt(10).getHostAddress();

        ControlPlaneEndpoint endpoint = endpoint(spec.loadbalancer(), masters.getFirst());
        return new Topology(config, Collections.unmodifiableMap(byName), Collections.unmodifiableMap(byRole), endpoint,
                List.copyOf(etcdEndpoints), initialCluster, firstServiceIp, dnsIp,
                sans(spec, masters, endpoint, firstServiceIp), registry(spec.registry(), byRole.get(Role.REGISTRY)));
    }

    public ClusterSpec spec() {
        return config.spec();
    }

    /** Hosts in {@code spec.hosts} order. */
    public List<Host> hosts() {
        return List.copyOf(hostsByName.values());
    }

    public List<Host> hosts(Role role) {
        return hostsByRole.get(role);
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hostsByName.get(name));
    }

    public Set<Role> roles(Host host) {
        Set<Role> roles = new LinkedHashSet<>();
        hostsByRole.forEach((role, hosts) -> {
            if (hosts.stream().anyMatch(h -> h.name().equals(host.name()))) {
                roles.add(role);
            }
        });
        return roles;
    }

    public boolean has(Host host, Role role) {
        return hosts(role).stream().anyMatch(h -> h.name().equals(host.name()));
    }

    public Host firstMaster() {
        return hosts(Role.MASTER).getFirst();
    }

    /** Every host that needs a Kubernetes node (kubelet): masters and workers. */
    public List<Host> kubernetesNodes() {
        return hosts().stream().filter(h -> has(h, Role.MASTER) || has(h, Role.WORKER)).toList();
    }

    /** etcd as a stacked kubeadm static pod on the masters. */
    public boolean etcdStacked() {
        return spec().etcd().type() == EtcdType.KUBEADM;
    }

    public boolean etcdExternal() {
        return spec().etcd().type() == EtcdType.EXTERNAL;
    }

    /**
     * Where {@code controlPlaneEndpoint.domain} points on this host: a master reaches its own API
     * server when there is no VIP in front of them (internal mode, or no load balancer).
     */
    public String apiServerAddressFor(Host host) {
        LoadBalancerSpec lb = spec().loadbalancer();
        boolean viaVip = lb.enabled() && lb.mode() != LoadBalancerMode.INTERNAL;
        return has(host, Role.MASTER) && !viaVip ? host.internalAddress() : controlPlaneEndpoint.address();
    }

    /** Hosts running the internal-mode local proxy on 127.0.0.1: workers that are not masters. */
    public List<Host> internalProxyHosts() {
        LoadBalancerSpec lb = spec().loadbalancer();
        if (!lb.enabled() || lb.mode() != LoadBalancerMode.INTERNAL) {
            return List.of();
        }
        return hosts(Role.WORKER).stream().filter(h -> !has(h, Role.MASTER)).toList();
    }

    /** Internal-mode proxies run as kubeadm static pods under kubeadm, as systemd services under kubexm. */
    public boolean internalProxyAsStaticPod() {
        return spec().kubernetes().type() == KubernetesType.KUBEADM;
    }

    /** docker reaches Kubernetes through cri-dockerd since dockershim was removed (1.24). */
    public boolean usesCriDockerd() {
        SupportedVersions supported = SupportedVersions.load();
        return spec().runtime().type() == RuntimeType.DOCKER && Version.parse(spec().kubernetes().version())
                .map(v -> v.atLeast(supported.dockershimRemoved())).orElse(true);
    }

    /** The jump host to reach this host through, if any: its own, else the cluster's. */
    public Optional<Bastion> bastionFor(Host host) {
        return Stream.of(host.bastion(), spec().bastion()).filter(Bastion::enabled).findFirst();
    }

    private static List<Host> resolve(List<String> entries, Map<String, Host> byName, Role role) {
        Set<Host> hosts = new LinkedHashSet<>();
        for (String entry : entries) {
            for (String name : HostRanges.expand(entry)) {
                Host host = byName.get(name);
                if (host == null) {
                    throw new IllegalArgumentException("roleGroups." + role.yaml() + " names undefined host " + name);
                }
                hosts.add(host);
            }
        }
        return List.copyOf(hosts);
    }

    private static ControlPlaneEndpoint endpoint(LoadBalancerSpec lb, Host firstMaster) {
        if (!lb.enabled()) {
            return new ControlPlaneEndpoint(lb.domain(), firstMaster.internalAddress(), API_SERVER_PORT);
        }
        String address = lb.mode() == LoadBalancerMode.INTERNAL ? INTERNAL_PROXY_ADDRESS : lb.vip();
        return new ControlPlaneEndpoint(lb.domain(), address, lb.port());
    }

    private static List<String> sans(ClusterSpec spec, List<Host> masters, ControlPlaneEndpoint endpoint,
            String firstServiceIp) {
        String dnsDomain = spec.kubernetes().dnsDomain();
        List<String> sans = new ArrayList<>(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + dnsDomain, "localhost", "127.0.0.1", firstServiceIp, endpoint.domain()));
        if (spec.loadbalancer().enabled() && !spec.loadbalancer().vip().isEmpty()) {
            sans.add(spec.loadbalancer().vip());
        }
        for (Host m : masters) {
            sans.addAll(List.of(m.name(), m.address(), m.internalAddress()));
        }
        sans.addAll(spec.kubernetes().apiServerCertSANs());
        return List.copyOf(new LinkedHashSet<>(sans));
    }

    private static Optional<String> registry(RegistrySpec registry, List<Host> registryHosts) {
        if (!registry.privateRegistry().isEmpty()) {
            return Optional.of(registry.privateRegistry());
        }
        if (registry.type() == RegistryType.NONE || registry.type() == RegistryType.EXTERNAL
                || registryHosts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(url(registryHosts.getFirst().internalAddress()) + ":" + registry.port());
    }

    /** An IPv6 literal needs brackets inside a URL. */
    private static String url(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
