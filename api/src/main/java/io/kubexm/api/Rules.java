package io.kubexm.api;

import io.kubexm.api.YamlNode.Mapping;
import io.kubexm.api.YamlNode.Mark;
import io.kubexm.api.YamlNode.Scalar;
import io.kubexm.util.Cidr;
import io.kubexm.util.Dns;
import io.kubexm.util.IpAddresses;
import io.kubexm.util.Suggest;
import io.kubexm.util.Version;
import java.net.InetAddress;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a bound config must follow beyond its types: the deployment matrix of MISSION.md,
 * names, addresses, roles, networks and versions. Each problem points at the place in the file
 * the rule is about (or, for a defaulted field, the nearest place written).
 */
final class Rules {
    private static final Pattern FEATURE_GATE = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)");
    private static final Pattern LABEL_VALUE = Pattern.compile("(|[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)");
    private static final Pattern IMAGE_NAMESPACE = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    /** kube-apiserver refuses service networks larger than this (IPv4 /12, IPv6 /108: 2^20 addresses). */
    private static final int MAX_SERVICE_HOST_BITS = 20;
    /** Each node gets a /24 (IPv4) or /64 (IPv6) of the pod network by default. */
    private static final int NODE_POD_PREFIX_V4 = 24;
    private static final int NODE_POD_PREFIX_V6 = 64;

    private final ClusterConfig config;
    private final ClusterSpec spec;
    private final YamlNode root;
    private final Problems problems;
    private final SupportedVersions supported;
    private final Set<String> hostNames = new LinkedHashSet<>();
    /** Masters as written, defined or not: the matrix is about what the user asked for. */
    private int declaredMasters;

    /** Set when the file is {@code conf/NAME/cluster.yaml}: build/ follows metadata.name, so the two should agree. */
    private final Optional<String> directoryName;

    Rules(ClusterConfig config, YamlNode root, Problems problems, SupportedVersions supported,
            Optional<String> directoryName) {
        this.config = config;
        this.spec = config.spec();
        this.root = root;
        this.problems = problems;
        this.supported = supported;
        this.directoryName = directoryName;
    }

    void check() {
        document();
        hosts();
        Map<Role, List<String>> roles = roles();
        matrix(roles);
        loadBalancer(roles);
        etcd(roles);
        kubernetes();
        network(roles);
        runtime();
        registry(roles);
        system();
        extra();
        storage(roles);
        addons();
    }

    // --- document ---------------------------------------------------------------------------

    private void document() {
        if (!config.apiVersion().equals(ClusterConfig.API_VERSION)) {
            error(at("apiVersion"), "apiVersion '" + config.apiVersion() + "' is not supported",
                    "use 'apiVersion: " + ClusterConfig.API_VERSION + "'");
        }
        if (!config.kind().equals(ClusterConfig.KIND)) {
            error(at("kind"), "kind '" + config.kind() + "' is not supported", "use 'kind: " + ClusterConfig.KIND + "'");
        }
        String name = config.name();
        directoryName.filter(dir -> !name.isEmpty() && !dir.equals(name)).ifPresent(dir -> warning(
                at("metadata", "name"), "metadata.name '" + name + "' differs from its directory conf/" + dir + "/",
                "name both the same: with --cluster=NAME kubexm keeps this cluster's files in build/NAME/, with -f in build/<metadata.name>/"));
        if (!name.isEmpty() && !Dns.isLabel(name)) {
            error(at("metadata", "name"), "metadata.name '" + name + "' is not a DNS-1123 label"
                    + " (lower case letters, digits and '-', at most 63 characters)", "try '" + Dns.toLabel(name) + "'");
        }
    }

    // --- hosts -------------------------------------------------------------------------------

    private void hosts() {
        List<Host> hosts = spec.hosts();
        if (hosts.isEmpty()) {
            error(at("spec", "hosts"), "spec.hosts is empty: a cluster needs at least one host",
                    "add '- {name: node1, address: 192.168.10.11}' under spec.hosts");
        }
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> addresses = new HashMap<>();
        Map<String, Integer> internal = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            String path = "spec.hosts[" + i + "]";
            if (!h.name().isEmpty() && !Dns.isLabel(h.name())) {
                error(at("spec", "hosts", i, "name"), path + ".name '" + h.name() + "' is not a DNS-1123 label"
                        + " (lower case letters, digits and '-', at most 63 characters)",
                        "try '" + Dns.toLabel(h.name()) + "'");
            }
            Integer first = names.putIfAbsent(h.name(), i);
            if (first != null && !h.name().isEmpty()) {
                error(at("spec", "hosts", i, "name"), path + ".name '" + h.name() + "' is already used by spec.hosts["
                        + first + "]", "host names must be unique");
            }
            hostNames.add(h.name());
            if (!h.address().isEmpty() && !IpAddresses.isAddress(h.address()) && !Dns.isSubdomain(h.address())) {
                error(at("spec", "hosts", i, "address"), path + ".address '" + h.address()
                        + "' is neither an IP address nor a host name", "use an IP address such as 192.168.10.11 or a DNS name such as node1.example.com");
            }
            first = addresses.putIfAbsent(h.address(), i);
            boolean addressClash = first != null && !h.address().isEmpty();
            if (addressClash) {
                error(at("spec", "hosts", i, "address"), path + ".address " + h.address()
                        + " is already used by spec.hosts[" + first + "]", "each host needs its own address");
            }
            if (written("spec", "hosts", i, "internalAddress") && !IpAddresses.isAddress(h.internalAddress())) {
                error(at("spec", "hosts", i, "internalAddress"), path + ".internalAddress '" + h.internalAddress()
                        + "' is not an IP address", "cluster traffic needs an IP address of the host");
            } else if (!written("spec", "hosts", i, "internalAddress") && !h.address().isEmpty()
                    && !IpAddresses.isAddress(h.address())) {
                error(at("spec", "hosts", i, "address"), path + ".address '" + h.address()
                        + "' is a name, so internalAddress must be set", "add 'internalAddress: <IP of " + h.name() + ">'");
            }
            first = internal.putIfAbsent(h.internalAddress(), i);
            if (first != null && !addressClash && !h.internalAddress().isEmpty()) {
                error(at("spec", "hosts", i, "internalAddress"), path + ".internalAddress " + h.internalAddress()
                        + " is already used by spec.hosts[" + first + "]", "each host needs its own address");
            }
            labels(h, i);
            bastion(h.bastion(), path + ".bastion", "spec", "hosts", i, "bastion");
        }
        bastion(spec.bastion(), "spec.bastion", "spec", "bastion");
    }

    private void labels(Host h, int i) {
        h.labels().forEach((key, value) -> {
            int slash = key.indexOf('/');
            String prefix = slash < 0 ? "" : key.substring(0, slash);
            String name = key.substring(slash + 1);
            if (!LABEL_NAME.matcher(name).matches() || (slash >= 0 && !Dns.isSubdomain(prefix))) {
                error(at("spec", "hosts", i, "labels", key), "spec.hosts[" + i + "].labels: '" + key
                        + "' is not a valid Kubernetes label key", "use [prefix/]name, name alphanumeric with '-', '_', '.'");
            }
            if (!LABEL_VALUE.matcher(value).matches()) {
                error(at("spec", "hosts", i, "labels", key), "spec.hosts[" + i + "].labels." + key + ": '" + value
                        + "' is not a valid Kubernetes label value",
                        "at most 63 characters, alphanumeric with '-', '_', '.' inside");
            }
        });
    }

    private void bastion(Bastion b, String path, Object... location) {
        boolean written = root.find(List.of(location))
                .filter(n -> n instanceof Mapping m && !m.entries().isEmpty()).isPresent();
        if (written && !b.enabled()) {
            error(at(location), path + " has settings but no address", "add 'address:' or remove " + path);
        } else if (b.enabled() && !IpAddresses.isAddress(b.address()) && !Dns.isSubdomain(b.address())) {
            error(at(append(location, "address")), path + ".address '" + b.address()
                    + "' is neither an IP address nor a host name", "use an IP address such as 192.168.10.11 or a DNS name such as node1.example.com");
        }
    }

    // --- roles -------------------------------------------------------------------------------

    /** Expanded host names per role; reports ranges and names that do not resolve. */
    private Map<Role, List<String>> roles() {
        Map<Role, List<String>> out = new LinkedHashMap<>();
        Set<String> withRole = new LinkedHashSet<>();
        for (Role role : Role.values()) {
            List<String> entries = spec.roleGroups().of(role);
            Set<String> names = new LinkedHashSet<>();
            for (int j = 0; j < entries.size(); j++) {
                String entry = entries.get(j);
                Mark mark = at("spec", "roleGroups", role.yaml(), j);
                List<String> expanded;
                try {
                    expanded = HostRanges.expand(entry);
                } catch (IllegalArgumentException e) {
                    error(mark, "spec.roleGroups." + role.yaml() + ": " + e.getMessage(), "write ranges as name[FIRST:LAST]");
                    continue;
                }
                if (role == Role.MASTER) {
                    declaredMasters += expanded.size();
                }
                for (String name : expanded) {
                    if (!hostNames.contains(name)) {
                        error(mark, "spec.roleGroups." + role.yaml() + ": host '" + name + "' is not defined in spec.hosts",
                                Suggest.closest(name, hostNames).map(s -> "did you mean '" + s + "'?")
                                        .orElse("define it under spec.hosts or remove it here"));
                    } else if (!names.add(name)) {
                        warning(mark, "spec.roleGroups." + role.yaml() + ": host '" + name + "' is listed more than once",
                                "list it once");
                    }
                }
            }
            out.put(role, List.copyOf(names));
            withRole.addAll(names);
        }
        // Entries that did not resolve have their own errors; an empty group is a mistake of its own.
        if (spec.roleGroups().master().isEmpty() && !spec.hosts().isEmpty()) {
            error(at("spec", "roleGroups", "master"), "spec.roleGroups.master is empty: a cluster needs at least one master",
                    "add 'master: [" + spec.hosts().getFirst().name() + "]' under spec.roleGroups");
        }
        for (int i = 0; i < spec.hosts().size(); i++) {
            String name = spec.hosts().get(i).name();
            if (!name.isEmpty() && !withRole.contains(name)) {
                warning(at("spec", "hosts", i, "name"), "host '" + name + "' has no role in spec.roleGroups",
                        "kubexm will not touch it; add it to a role group or remove it");
            }
        }
        return out;
    }

    // --- deployment matrix -------------------------------------------------------------------

    private void matrix(Map<Role, List<String>> roles) {
        KubernetesType k8s = spec.kubernetes().type();
        EtcdType etcd = spec.etcd().type();
        LoadBalancerSpec lb = spec.loadbalancer();
        if (k8s == KubernetesType.KUBEXM && etcd == EtcdType.KUBEADM) {
            error(at("spec", "etcd", "type"), "deployment matrix: kubernetes type kubexm needs etcd type kubexm or"
                    + " external (kubeadm etcd is a static pod that only kubeadm runs)",
                    "set 'etcd: {type: kubexm}', or 'kubernetes: {type: kubeadm}'");
        }
        if (declaredMasters == 1 && lb.enabled()) {
            error(at("spec", "loadbalancer", "enabled"), "deployment matrix: a single master takes no load balancer"
                    + " (rows 1-3)", "set 'loadbalancer: {enabled: false}', or add masters");
        }
    }

    private void loadBalancer(Map<Role, List<String>> roles) {
        LoadBalancerSpec lb = spec.loadbalancer();
        List<String> lbHosts = roles.get(Role.LOADBALANCER);
        boolean dedicated = lb.enabled() && lb.mode() == LoadBalancerMode.EXTERNAL
                && (lb.type() == LoadBalancerType.KUBEXM_KH || lb.type() == LoadBalancerType.KUBEXM_KN);
        if (!lbHosts.isEmpty() && !dedicated) {
            error(at("spec", "roleGroups", "loadbalancer"), "spec.roleGroups.loadbalancer hosts are only used by an"
                    + " external load balancer of type kubexm-kh or kubexm-kn",
                    "remove them, or set 'loadbalancer: {enabled: true, mode: external, type: kubexm-kh}'");
        }
        if (!Dns.isSubdomain(lb.domain())) {
            error(at("spec", "loadbalancer", "domain"), "spec.loadbalancer.domain '" + lb.domain()
                    + "' is not a DNS name", "use a name such as lb.kubexm.local");
        }
        if (!lb.enabled()) {
            LoadBalancerSpec dflt = LoadBalancerSpec.defaults();
            Map<String, Boolean> changed = Map.of("mode", lb.mode() != dflt.mode(), "type", lb.type() != dflt.type(),
                    "vip", !lb.vip().equals(dflt.vip()), "interface", !lb.networkInterface().equals(dflt.networkInterface()),
                    "kubeVipMode", lb.kubeVipMode() != dflt.kubeVipMode());
            for (String field : List.of("mode", "type", "vip", "interface", "kubeVipMode")) {
                if (changed.get(field)) {
                    warning(at("spec", "loadbalancer", field), "spec.loadbalancer." + field
                            + " has no effect while the load balancer is disabled", "set 'enabled: true' or remove it");
                }
            }
            return;
        }
        switch (lb.mode()) {
            case INTERNAL -> {
                if (lb.type() != LoadBalancerType.HAPROXY && lb.type() != LoadBalancerType.NGINX) {
                    error(at("spec", "loadbalancer", "type"), "deployment matrix: an internal load balancer is"
                            + " haproxy or nginx on every worker, not " + lb.type().yaml(),
                            "set 'type: haproxy' or 'type: nginx', or 'mode: external' for " + lb.type().yaml());
                }
                if (written("spec", "loadbalancer", "vip")) {
                    warning(at("spec", "loadbalancer", "vip"), "spec.loadbalancer.vip is not used by an internal load"
                            + " balancer (workers reach the masters through 127.0.0.1)", "remove it");
                }
            }
            case EXTERNAL -> {
                switch (lb.type()) {
                    case KUBEXM_KH, KUBEXM_KN -> {
                        if (lbHosts.isEmpty()) {
                            error(at("spec", "roleGroups"), "deployment matrix: an external load balancer of type "
                                    + lb.type().yaml() + " runs on loadbalancer-role hosts, and there are none",
                                    "list them under spec.roleGroups.loadbalancer");
                        }
                        for (String name : lbHosts) {
                            if (roles.get(Role.MASTER).contains(name)) {
                                error(at("spec", "roleGroups", "loadbalancer"), "spec.roleGroups.loadbalancer: '" + name
                                        + "' is also a master; its load balancer would take port " + lb.port()
                                        + " from the API server", "use dedicated load balancer hosts");
                            }
                        }
                    }
                    case EXTERNAL -> {
                        // A load balancer the user runs: only its VIP is needed.
                    }
                    default -> error(at("spec", "loadbalancer", "type"), "deployment matrix: an external load"
                            + " balancer is kubexm-kh, kubexm-kn or a user-provided one (external), not "
                            + lb.type().yaml(), "set 'type: kubexm-kh' (keepalived + haproxy) or 'type: kubexm-kn'"
                            + " (keepalived + nginx), or 'mode: internal' for " + lb.type().yaml());
                }
                requireVip(lb, "an external load balancer");
            }
            case KUBE_VIP -> {
                requireVip(lb, "kube-vip");
                if (lb.networkInterface().isEmpty()) {
                    error(at("spec", "loadbalancer"), "deployment matrix: kube-vip needs spec.loadbalancer.interface, the"
                            + " network interface of the masters that carries the VIP", "add 'interface: eth0' (as on the masters)");
                }
                if (written("spec", "loadbalancer", "type")) {
                    error(at("spec", "loadbalancer", "type"), "spec.loadbalancer.type does not apply to kube-vip, which"
                            + " runs as a static pod on the masters", "remove 'type'");
                }
            }
        }
    }

    private void requireVip(LoadBalancerSpec lb, String what) {
        if (lb.vip().isEmpty()) {
            error(at("spec", "loadbalancer"), "deployment matrix: " + what + " needs spec.loadbalancer.vip",
                    "add 'vip: <free IP address in the hosts' network>'");
            return;
        }
        if (!IpAddresses.isAddress(lb.vip())) {
            error(at("spec", "loadbalancer", "vip"), "spec.loadbalancer.vip '" + lb.vip() + "' is not an IP address",
                    "the VIP is a free IP address in the hosts' network; a DNS name for it goes in spec.loadbalancer.domain");
            return;
        }
        for (int i = 0; i < spec.hosts().size(); i++) {
            Host h = spec.hosts().get(i);
            if (lb.vip().equals(h.address()) || lb.vip().equals(h.internalAddress())) {
                error(at("spec", "loadbalancer", "vip"), "spec.loadbalancer.vip " + lb.vip() + " is the address of host '"
                        + h.name() + "'", "the VIP must be a free address that moves between hosts");
            }
        }
    }

    // --- etcd --------------------------------------------------------------------------------

    private void etcd(Map<Role, List<String>> roles) {
        EtcdSpec etcd = spec.etcd();
        List<String> group = roles.get(Role.ETCD);
        List<String> masters = roles.get(Role.MASTER);
        version(etcd.version(), "spec.etcd.version", EtcdSpec.defaults().version(), "spec", "etcd", "version");
        absolutePath(etcd.dataDir(), "spec.etcd.dataDir", "spec", "etcd", "dataDir");
        absolutePath(etcd.backup().dir(), "spec.etcd.backup.dir", "spec", "etcd", "backup", "dir");
        switch (etcd.type()) {
            case EXTERNAL -> {
                if (!group.isEmpty()) {
                    error(at("spec", "roleGroups", "etcd"), "spec.roleGroups.etcd must be empty with etcd type external"
                            + " (kubexm does not run that cluster)", "remove the etcd hosts, or set etcd type kubexm");
                }
                EtcdSpec.External ext = etcd.external();
                if (ext.endpoints().isEmpty()) {
                    error(at("spec", "etcd", "external"), "etcd type external needs spec.etcd.external.endpoints",
                            "add 'endpoints: [https://10.0.0.5:2379]'");
                }
                for (int i = 0; i < ext.endpoints().size(); i++) {
                    String url = ext.endpoints().get(i);
                    if (!url.matches("https://[^/\\s]+:[0-9]{1,5}")) {
                        error(at("spec", "etcd", "external", "endpoints", i), "spec.etcd.external.endpoints: '" + url
                                + "' is not an https://HOST:PORT URL", "for example https://10.0.0.5:2379");
                    }
                }
                for (String file : List.of("caFile", "certFile", "keyFile")) {
                    String value = switch (file) {
                        case "caFile" -> ext.caFile();
                        case "certFile" -> ext.certFile();
                        default -> ext.keyFile();
                    };
                    if (value.isEmpty()) {
                        error(at("spec", "etcd", "external"), "etcd type external needs spec.etcd.external." + file,
                                "give the path of the PEM file on this machine");
                    }
                }
            }
            case KUBEADM -> {
                if (!group.isEmpty() && !Set.copyOf(group).equals(Set.copyOf(masters))) {
                    error(at("spec", "roleGroups", "etcd"), "spec.roleGroups.etcd must list exactly the masters with etcd"
                            + " type kubeadm (kubeadm stacks etcd on each master)",
                            "remove spec.roleGroups.etcd, or set etcd type kubexm");
                }
                externalUnused(etcd);
            }
            case KUBEXM -> externalUnused(etcd);
        }
        List<String> members = etcd.type() == EtcdType.EXTERNAL ? List.of() : group.isEmpty() ? masters : group;
        if (members.size() % 2 == 0 && !members.isEmpty()) {
            warning(at("spec", "roleGroups", group.isEmpty() ? "master" : "etcd"), "etcd has " + members.size()
                    + " members; an even count tolerates no more failures than " + (members.size() - 1),
                    "use an odd number of etcd members", List.of("spec.hosts[*].name", "spec.roleGroups", "spec.etcd.type"));
        }
    }

    private void externalUnused(EtcdSpec etcd) {
        if (!etcd.external().endpoints().isEmpty()) {
            error(at("spec", "etcd", "external", "endpoints"), "spec.etcd.external is only used with etcd type external",
                    "set 'type: external', or remove spec.etcd.external");
        }
    }

    // --- kubernetes --------------------------------------------------------------------------

    private void kubernetes() {
        KubernetesSpec k = spec.kubernetes();
        Optional<Version> v = version(k.version(), "spec.kubernetes.version", KubernetesSpec.defaults().version(),
                "spec", "kubernetes", "version");
        if (v.isPresent() && !supported.supportsKubernetes(v.get())) {
            error(at("spec", "kubernetes", "version"), "spec.kubernetes.version " + k.version()
                    + " is outside the supported range " + supported.kubernetesRange(),
                    "pick a version from " + supported.kubernetesRange());
        }
        certificates(k);
        if (!Dns.isSubdomain(k.clusterName())) {
            error(at("spec", "kubernetes", "clusterName"), "spec.kubernetes.clusterName '" + k.clusterName()
                    + "' is not a DNS-1123 subdomain", "for example cluster.local");
        }
        if (!Dns.isSubdomain(k.dnsDomain())) {
            error(at("spec", "kubernetes", "dnsDomain"), "spec.kubernetes.dnsDomain '" + k.dnsDomain()
                    + "' is not a DNS-1123 subdomain", "for example cluster.local");
        }
        for (int i = 0; i < k.apiServerCertSANs().size(); i++) {
            String san = k.apiServerCertSANs().get(i);
            String name = san.startsWith("*.") ? san.substring(2) : san;
            if (!IpAddresses.isAddress(san) && !Dns.isSubdomain(name)) {
                error(at("spec", "kubernetes", "apiServerCertSANs", i), "spec.kubernetes.apiServerCertSANs: '" + san
                        + "' is neither an IP address nor a DNS name",
                        "write an IP address or a DNS name such as api.example.com (wildcards as *.example.com)");
            }
        }
        k.featureGates().keySet().forEach(gate -> {
            if (!FEATURE_GATE.matcher(gate).matches()) {
                error(at("spec", "kubernetes", "featureGates", gate), "spec.kubernetes.featureGates: '" + gate
                        + "' is not a feature gate name", "feature gates are written in UpperCamelCase, e.g. InPlacePodVerticalScaling");
            }
        });
        KubernetesSpec.ExtraArgs args = k.extraArgs();
        Map<String, Map<String, String>> byComponent = new LinkedHashMap<>();
        byComponent.put("apiServer", args.apiServer());
        byComponent.put("controllerManager", args.controllerManager());
        byComponent.put("scheduler", args.scheduler());
        byComponent.put("kubelet", args.kubelet());
        byComponent.put("kubeProxy", args.kubeProxy());
        byComponent.forEach((component, flags) -> flags.keySet().forEach(flag -> {
            if (flag.startsWith("-")) {
                error(at("spec", "kubernetes", "extraArgs", component, flag), "spec.kubernetes.extraArgs." + component
                        + ": flag '" + flag + "' is written with leading dashes",
                        "write '" + flag.replaceFirst("^-+", "") + ": ...'; kubexm adds the dashes");
            }
        }));
    }

    /** A certificate cannot outlive the CA that signed it: clients stop trusting it when the CA expires. */
    private void certificates(KubernetesSpec k) {
        KubernetesSpec.Certificates c = k.certificates();
        if (c.validityDays() <= c.caValidityDays()) {
            return;
        }
        String at = "spec.kubernetes.certificates.";
        if (written("spec", "kubernetes", "certificates", "validityDays")) {
            error(at("spec", "kubernetes", "certificates", "validityDays"), at + "validityDays " + c.validityDays()
                    + " is longer than caValidityDays " + c.caValidityDays() + ": a certificate cannot outlive its CA",
                    "set validityDays to at most " + c.caValidityDays() + ", or raise caValidityDays");
        } else {
            error(at("spec", "kubernetes", "certificates", "caValidityDays"), at + "caValidityDays " + c.caValidityDays()
                    + " is shorter than the certificates' validity, " + c.validityDays() + " days by default with"
                    + " kubernetes type " + k.type().yaml() + ": a certificate cannot outlive its CA",
                    "raise caValidityDays to at least " + c.validityDays() + ", or set validityDays to at most "
                            + c.caValidityDays());
        }
    }

    // --- network -----------------------------------------------------------------------------

    private void network(Map<Role, List<String>> roles) {
        NetworkSpec n = spec.network();
        Optional<Cidr> pods = cidr(n.podCIDR(), "spec.network.podCIDR", "podCIDR");
        Optional<Cidr> services = cidr(n.serviceCIDR(), "spec.network.serviceCIDR", "serviceCIDR");
        if (pods.isPresent() && services.isPresent()) {
            if (pods.get().isIpv4() != services.get().isIpv4()) {
                error(at("spec", "network", "serviceCIDR"), "spec.network.podCIDR and spec.network.serviceCIDR are of different"
                        + " IP families", "use IPv4 for both or IPv6 for both");
            } else if (pods.get().overlaps(services.get())) {
                error(at("spec", "network", "serviceCIDR"), "spec.network.serviceCIDR " + services.get()
                        + " overlaps spec.network.podCIDR " + pods.get(), "pick networks that do not overlap");
            }
        }
        services.ifPresent(s -> {
            int hostBits = (s.isIpv4() ? 32 : 128) - s.prefixLength();
            if (hostBits > MAX_SERVICE_HOST_BITS) {
                error(at("spec", "network", "serviceCIDR"), "spec.network.serviceCIDR " + s + " is larger than"
                        + " kube-apiserver accepts (at most 2^20 addresses)", "use a prefix of at least /"
                        + ((s.isIpv4() ? 32 : 128) - MAX_SERVICE_HOST_BITS));
            } else if (hostBits < 4) {
                error(at("spec", "network", "serviceCIDR"), "spec.network.serviceCIDR " + s + " is too small: the cluster"
                        + " DNS service takes its 10th address", "use a larger network, such as a /18");
            }
        });
        pods.ifPresent(p -> {
            int nodePrefix = p.isIpv4() ? NODE_POD_PREFIX_V4 : NODE_POD_PREFIX_V6;
            Set<String> kubernetesNodes = new LinkedHashSet<>(roles.get(Role.MASTER));
            kubernetesNodes.addAll(roles.get(Role.WORKER));
            int nodes = kubernetesNodes.size();
            if (p.prefixLength() > nodePrefix) {
                error(at("spec", "network", "podCIDR"), "spec.network.podCIDR " + p + " is smaller than one node's pod"
                        + " range (/" + nodePrefix + ")", "use a larger network, such as a /18");
            } else if (nodePrefix - p.prefixLength() < 31 && (1L << (nodePrefix - p.prefixLength())) < nodes) {
                error(at("spec", "network", "podCIDR"), "spec.network.podCIDR " + p + " has room for "
                        + (1L << (nodePrefix - p.prefixLength())) + " nodes (a /" + nodePrefix + " each) but the"
                        + " cluster has " + nodes, "use a larger network");
            }
        });
        for (int i = 0; i < spec.hosts().size(); i++) {
            Host h = spec.hosts().get(i);
            for (String field : List.of("address", "internalAddress")) {
                String address = field.equals("address") ? h.address() : h.internalAddress();
                if (field.equals("internalAddress") && address.equals(h.address())) {
                    continue;
                }
                Optional<InetAddress> ip = IpAddresses.parse(address);
                int index = i;
                ip.ifPresent(a -> {
                    pods.filter(p -> p.contains(a)).ifPresent(p -> error(at("spec", "hosts", index, field),
                            "spec.hosts[" + index + "]." + field + " " + address + " lies inside spec.network.podCIDR " + p,
                            "pick a podCIDR away from the hosts' network"));
                    services.filter(s -> s.contains(a)).ifPresent(s -> error(at("spec", "hosts", index, field),
                            "spec.hosts[" + index + "]." + field + " " + address + " lies inside spec.network.serviceCIDR "
                                    + s, "pick a serviceCIDR away from the hosts' network"));
                });
            }
        }
        if (n.nodeLocalDNS()) {
            Optional<InetAddress> local = IpAddresses.parse(n.nodeLocalDNSAddress());
            if (local.isEmpty()) {
                error(at("spec", "network", "nodeLocalDNSAddress"), "spec.network.nodeLocalDNSAddress '"
                        + n.nodeLocalDNSAddress() + "' is not an IP address", "the usual one is 169.254.25.10");
            } else {
                for (Optional<Cidr> net : List.of(pods, services)) {
                    net.filter(c -> c.contains(local.get())).ifPresent(c -> error(
                            at("spec", "network", "nodeLocalDNSAddress"), "spec.network.nodeLocalDNSAddress "
                                    + n.nodeLocalDNSAddress() + " lies inside " + c,
                            "use a link-local address such as 169.254.25.10"));
                }
            }
        }
        LoadBalancerSpec lb = spec.loadbalancer();
        IpAddresses.parse(lb.vip()).filter(v -> lb.enabled()).ifPresent(vip -> {
            for (Optional<Cidr> net : List.of(pods, services)) {
                net.filter(c -> c.contains(vip)).ifPresent(c -> error(at("spec", "loadbalancer", "vip"),
                        "spec.loadbalancer.vip " + lb.vip() + " lies inside " + c, "pick a VIP in the hosts' network"));
            }
        });
    }

    private Optional<Cidr> cidr(String text, String name, String field) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            error(at("spec", "network", field), name + ": " + e.getMessage(), "write it as ADDRESS/PREFIX,"
                    + " e.g. 10.233.64.0/18");
            return Optional.empty();
        }
    }

    // --- runtime -----------------------------------------------------------------------------

    private void runtime() {
        RuntimeSpec r = spec.runtime();
        version(r.version(), "spec.runtime.version", r.type().defaultVersion(), "spec", "runtime", "version");
        absolutePath(r.dataDir(), "spec.runtime.dataDir", "spec", "runtime", "dataDir");
        String endpoint = spec.kubernetes().extraArgs().kubelet().get("container-runtime-endpoint");
        if (endpoint != null && !endpoint.equals(r.type().criSocket())) {
            String through = r.type() == RuntimeType.DOCKER ? " (docker is reached through cri-dockerd since"
                    + " Kubernetes " + supported.dockershimRemoved().major() + "." + supported.dockershimRemoved().minor()
                    + ")" : "";
            error(at("spec", "kubernetes", "extraArgs", "kubelet", "container-runtime-endpoint"),
                    "spec.kubernetes.extraArgs.kubelet.container-runtime-endpoint " + endpoint + " is not the CRI socket of runtime "
                            + r.type().yaml() + ", " + r.type().criSocket() + through,
                    "remove the flag; kubexm sets it from spec.runtime.type");
        }
    }

    // --- registry ----------------------------------------------------------------------------

    private void registry(Map<Role, List<String>> roles) {
        RegistrySpec reg = spec.registry();
        List<String> hosts = roles.get(Role.REGISTRY);
        switch (reg.type()) {
            case REGISTRY, HARBOR -> {
                if (hosts.size() > 1) {
                    error(at("spec", "roleGroups", "registry"), "spec.roleGroups.registry lists " + hosts.size()
                            + " hosts; the " + reg.type().yaml() + " registry runs on one", "keep one registry host");
                }
                if (reg.type() == RegistryType.HARBOR && reg.harbor().adminPassword().isEmpty()) {
                    error(at("spec", "registry"), "registry type harbor needs spec.registry.harbor.adminPassword",
                            "set 'harbor: {adminPassword: ...}'");
                }
                if (reg.type() == RegistryType.HARBOR) {
                    version(reg.harbor().version(), "spec.registry.harbor.version", RegistrySpec.Harbor.defaults().version(),
                            "spec", "registry", "harbor", "version");
                }
            }
            case EXTERNAL -> {
                if (reg.privateRegistry().isEmpty()) {
                    error(at("spec", "registry"), "registry type external needs spec.registry.privateRegistry",
                            "set 'privateRegistry: registry.example.com:5000'");
                }
                noRegistryHosts(hosts, reg);
            }
            case NONE -> noRegistryHosts(hosts, reg);
        }
        if (!reg.privateRegistry().isEmpty() && !HOST_PORT.matcher(reg.privateRegistry()).matches()) {
            error(at("spec", "registry", "privateRegistry"), "spec.registry.privateRegistry '" + reg.privateRegistry()
                    + "' is not HOST[:PORT]", hostPortHint(reg.privateRegistry()));
        }
        if (!reg.namespaceOverride().isEmpty() && !IMAGE_NAMESPACE.matcher(reg.namespaceOverride()).matches()) {
            error(at("spec", "registry", "namespaceOverride"), "spec.registry.namespaceOverride '"
                    + reg.namespaceOverride() + "' is not a valid image repository path",
                    "lower case letters, digits and separators '.', '_', '-', '/'");
        }
        absolutePath(reg.dataDir(), "spec.registry.dataDir", "spec", "registry", "dataDir");
        keyPair(reg.tls().certFile(), reg.tls().keyFile(), "spec.registry.tls", "spec", "registry", "tls");
        reg.auths().forEach((server, auth) -> {
            if (!HOST_PORT.matcher(server).matches()) {
                error(at("spec", "registry", "auths", server), "spec.registry.auths: '" + server + "' is not HOST[:PORT]",
                        hostPortHint(server));
            }
            keyPair(auth.certFile(), auth.keyFile(), "spec.registry.auths." + server, "spec", "registry", "auths", server);
            if (!auth.username().isEmpty() && auth.password().isEmpty()) {
                error(at("spec", "registry", "auths", server), "spec.registry.auths." + server
                        + " has a username but no password", "add 'password: ...'");
            }
        });
    }

    private static String hostPortHint(String text) {
        return text.contains("://") ? "drop the scheme" : "write HOST[:PORT], e.g. registry.example.com:5000";
    }

    private void noRegistryHosts(List<String> hosts, RegistrySpec reg) {
        if (!hosts.isEmpty()) {
            error(at("spec", "roleGroups", "registry"), "spec.roleGroups.registry hosts are not used with registry type "
                    + reg.type().yaml(), "remove them, or set registry type registry or harbor");
        }
    }

    private void keyPair(String cert, String key, String name, Object... location) {
        if (cert.isEmpty() != key.isEmpty()) {
            error(at(location), name + " needs certFile and keyFile together", "set both, or neither");
        }
    }

    // --- system, extra -----------------------------------------------------------------------

    private void system() {
        SystemSpec s = spec.system();
        for (int i = 0; i < s.ntpServers().size(); i++) {
            String server = s.ntpServers().get(i);
            if (!IpAddresses.isAddress(server) && !Dns.isSubdomain(server)) {
                error(at("spec", "system", "ntpServers", i), "spec.system.ntpServers: '" + server
                        + "' is neither an IP address nor a host name",
                        "use an IP address or a host name such as ntp.example.com");
            }
        }
        if (!s.timezone().isEmpty() && !ZoneId.getAvailableZoneIds().contains(s.timezone())) {
            error(at("spec", "system", "timezone"), "spec.system.timezone '" + s.timezone() + "' is not a known time zone",
                    Suggest.closest(s.timezone(), ZoneId.getAvailableZoneIds()).map(z -> "did you mean '" + z + "'?")
                            .orElse("use an IANA name such as Asia/Shanghai or UTC"));
        }
    }

    private void extra() {
        ExtraSpec e = spec.extra();
        for (int i = 0; i < e.hosts().size(); i++) {
            ExtraSpec.HostEntry entry = e.hosts().get(i);
            if (!entry.domain().isEmpty() && !Dns.isSubdomain(entry.domain())) {
                error(at("spec", "extra", "hosts", i, "domain"), "spec.extra.hosts[" + i + "].domain '" + entry.domain()
                        + "' is not a DNS name", "lower case letters, digits, '-' and '.', e.g. git.example.com");
            }
            if (!entry.address().isEmpty() && !IpAddresses.isAddress(entry.address())) {
                error(at("spec", "extra", "hosts", i, "address"), "spec.extra.hosts[" + i + "].address '" + entry.address()
                        + "' is not an IP address", "an /etc/hosts entry maps its domain to an IP address, e.g. 192.168.10.50");
            }
        }
        for (int i = 0; i < e.resolves().size(); i++) {
            String address = e.resolves().get(i).address();
            if (!address.isEmpty() && !IpAddresses.isAddress(address)) {
                error(at("spec", "extra", "resolves", i, "address"), "spec.extra.resolves[" + i + "].address '" + address
                        + "' is not an IP address", "name servers are given by address");
            }
        }
    }

    // --- storage, addons ---------------------------------------------------------------------

    private void storage(Map<Role, List<String>> roles) {
        StorageSpec s = spec.storage();
        if (s.localPath().enabled()) {
            absolutePath(s.localPath().path(), "spec.storage.localPath.path", "spec", "storage", "localPath", "path");
        }
        if (s.openebs().enabled()) {
            absolutePath(s.openebs().basePath(), "spec.storage.openebs.basePath", "spec", "storage", "openebs", "basePath");
        }
        if (s.nfs().enabled()) {
            if (s.nfs().server().isEmpty()) {
                error(at("spec", "storage", "nfs"), "spec.storage.nfs is enabled but has no server", "set 'server: <NFS server address>'");
            }
            if (s.nfs().path().isEmpty()) {
                error(at("spec", "storage", "nfs"), "spec.storage.nfs is enabled but has no path", "set 'path: <exported directory>'");
            } else {
                absolutePath(s.nfs().path(), "spec.storage.nfs.path", "spec", "storage", "nfs", "path");
            }
        }
        int workers = roles.get(Role.WORKER).size();
        if (s.rookCeph().enabled() && workers < 3) {
            warning(at("spec", "storage", "rookCeph"), "spec.storage.rookCeph with " + workers
                    + " worker(s): Ceph keeps 3 replicas on different nodes", "use at least 3 workers");
        }
        if (s.longhorn().enabled() && workers < 3) {
            warning(at("spec", "storage", "longhorn"), "spec.storage.longhorn with " + workers
                    + " worker(s): Longhorn keeps 3 replicas on different nodes", "use at least 3 workers");
        }
    }

    private void addons() {
        Set<String> names = new LinkedHashSet<>();
        List<Addon> addons = spec.addons();
        for (int i = 0; i < addons.size(); i++) {
            Addon a = addons.get(i);
            String path = "spec.addons[" + i + "]";
            if (!a.name().isEmpty() && !Dns.isLabel(a.name())) {
                error(at("spec", "addons", i, "name"), path + ".name '" + a.name() + "' is not a DNS-1123 label",
                        "try '" + Dns.toLabel(a.name()) + "'");
            }
            if (!a.name().isEmpty() && !names.add(a.name())) {
                error(at("spec", "addons", i, "name"), path + ".name '" + a.name() + "' is used by another addon",
                        "addon names must be unique");
            }
            if (!Dns.isLabel(a.namespace())) {
                error(at("spec", "addons", i, "namespace"), path + ".namespace '" + a.namespace()
                        + "' is not a DNS-1123 label", "try '" + Dns.toLabel(a.namespace()) + "'");
            }
            if (a.yaml().isPresent() == a.helm().isPresent()) {
                error(at("spec", "addons", i), path + " needs exactly one of 'yaml' and 'helm'",
                        "yaml: {paths: [...]} for manifests, helm: {repo, chart, version} for a chart");
            }
            if (a.yaml().isPresent() && a.yaml().get().paths().isEmpty()) {
                error(at("spec", "addons", i, "yaml"), path + ".yaml.paths is empty", "list the manifest files or URLs");
            }
            String repo = a.helm().map(Addon.HelmChart::repo).orElse("");
            if (!repo.isEmpty() && !repo.matches("(https?|oci)://\\S+")) {
                error(at("spec", "addons", i, "helm", "repo"), path + ".helm.repo '" + repo
                        + "' is not an http(s):// or oci:// URL",
                        "for example https://charts.example.com or oci://registry.example.com/charts");
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    /**
     * A version in the canonical form {@code vMAJOR.MINOR.PATCH}, which downloads and image tags are built from.
     * The hint names the canonical form when only the 'v' is missing; a missing patch is the user's choice to make.
     */
    private Optional<Version> version(String text, String name, String example, Object... location) {
        Optional<Version> canonical = Version.parseCanonical(text);
        if (canonical.isPresent()) {
            return canonical;
        }
        Optional<Version> loose = Version.parse(text);
        boolean onlyPrefixMissing = loose.filter(v -> ("v" + text).equals(v.toString())).isPresent();
        String form = "write it as vMAJOR.MINOR.PATCH, e.g. " + example;
        if (loose.isEmpty()) {
            error(at(location), name + " '" + text + "' is not a version", form);
        } else {
            error(at(location), name + " '" + text + "' is not in the form vMAJOR.MINOR.PATCH",
                    onlyPrefixMissing ? "did you mean " + loose.get() + "?" : form);
        }
        return Optional.empty();
    }

    private void absolutePath(String path, String name, Object... location) {
        if (!path.startsWith("/")) {
            error(at(location), name + " '" + path + "' is not an absolute path", "start it with '/'");
        }
    }

    /** Where the node at {@code path} was written; for an absent node, the nearest written ancestor. */
    private Mark at(Object... path) {
        YamlNode node = root;
        Mark mark = root.mark();
        for (Object segment : path) {
            if (node instanceof Mapping m && segment instanceof String key) {
                YamlNode.Entry entry = m.entries().get(key);
                if (entry == null && key.equals("master")) {
                    entry = m.entries().get("control-plane");
                }
                if (entry == null) {
                    return mark;
                }
                node = entry.value();
                mark = node instanceof Scalar s && s.kind() != Scalar.Kind.NULL ? s.mark() : entry.keyMark();
            } else {
                Optional<YamlNode> child = node.child(segment);
                if (child.isEmpty()) {
                    return mark;
                }
                node = child.get();
                mark = node.mark();
            }
        }
        return mark;
    }

    private boolean written(Object... path) {
        return root.find(List.of(path)).filter(n -> !n.isNull()).isPresent();
    }

    private static Object[] append(Object[] path, Object last) {
        Object[] out = java.util.Arrays.copyOf(path, path.length + 1);
        out[path.length] = last;
        return out;
    }

    private void error(Mark at, String message, String hint) {
        problems.error(at, message, hint);
    }

    private void warning(Mark at, String message, String hint) {
        problems.warning(at, message, hint);
    }

    private void warning(Mark at, String message, String hint, List<String> dependsOn) {
        problems.warning(at, message, hint, dependsOn);
    }
}
