package io.kubexm.ops.build;

import io.kubexm.api.Host;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.ops.build.CertPlan.CaId;
import io.kubexm.ops.build.Placement.InKubeconfig;
import io.kubexm.ops.build.Placement.PemPair;
import io.kubexm.pki.CertRequest;
import io.kubexm.api.KeyAlgorithm;
import io.kubexm.pki.Usage;
import io.kubexm.util.IpAddresses;
import io.kubexm.util.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every certificate of a cluster and where its copies go: kubeadm's file names under
 * /etc/kubernetes (so kubeadm finds them and issues nothing itself), kubespray's under
 * /etc/ssl/etcd/ssl. Subjects are the ones kubeadm issues for the cluster's version.
 */
public final class ClusterPki {
    public static final String K8S_PKI = "/etc/kubernetes/pki";
    public static final String ETCD_SSL = "/etc/ssl/etcd/ssl";
    public static final String KUBELET_PKI = "/var/lib/kubelet/pki";

    /** kubeadm's first release with the kubeadm:cluster-admins group and super-admin.conf. */
    private static final Version CLUSTER_ADMINS_SINCE = new Version(1, 29, 0, "");

    private final Topology topology;
    private final KeyAlgorithm algorithm;
    private final int validityDays;

    public ClusterPki(Topology topology) {
        this.topology = topology;
        var certs = topology.spec().kubernetes().certificates();
        this.algorithm = certs.keyAlgorithm();
        this.validityDays = certs.validityDays();
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    public List<CertPlan> plans() {
        List<CertPlan> plans = new ArrayList<>();
        if (!topology.etcdExternal()) {
            plans.addAll(etcd());
        }
        plans.addAll(controlPlane());
        for (Host node : topology.kubernetesNodes()) {
            plans.addAll(kubelet(node));
        }
        return plans;
    }

    /** etcd members (server and peer), their etcdctl client, and each master's client to etcd. */
    private List<CertPlan> etcd() {
        List<CertPlan> plans = new ArrayList<>();
        for (Host h : topology.hosts(Role.ETCD)) {
            plans.add(new CertPlan("etcd member " + h.name(), CaId.ETCD,
                    serving(h.name(), List.of(), Set.of(Usage.SERVER, Usage.CLIENT),
                            List.of(h.name(), "localhost", h.internalAddress(), h.address(), "127.0.0.1", "::1")),
                    List.of(pemPair(h, ETCD_SSL + "/member-" + h.name()))));
            plans.add(new CertPlan("etcd admin " + h.name(), CaId.ETCD,
                    CertRequest.client("admin-" + h.name(), List.of(), validityDays, algorithm),
                    List.of(pemPair(h, ETCD_SSL + "/admin-" + h.name()))));
        }
        for (Host m : topology.hosts(Role.MASTER)) {
            plans.add(new CertPlan("etcd client of apiserver " + m.name(), CaId.ETCD,
                    CertRequest.client("node-" + m.name(), List.of(), validityDays, algorithm),
                    List.of(pemPair(m, ETCD_SSL + "/node-" + m.name()))));
        }
        return plans;
    }

    private List<CertPlan> controlPlane() {
        List<Host> masters = topology.hosts(Role.MASTER);
        List<CertPlan> plans = new ArrayList<>();
        plans.add(new CertPlan("apiserver", CaId.KUBERNETES, apiServerRequest(),
                each(masters, m -> k8sPair(m, "apiserver"))));
        plans.add(new CertPlan("apiserver-kubelet-client", CaId.KUBERNETES,
                CertRequest.client("kube-apiserver-kubelet-client", List.of(adminGroup()), validityDays, algorithm),
                each(masters, m -> k8sPair(m, "apiserver-kubelet-client"))));
        plans.add(new CertPlan("front-proxy-client", CaId.FRONT_PROXY,
                CertRequest.client("front-proxy-client", List.of(), validityDays, algorithm),
                each(masters, m -> k8sPair(m, "front-proxy-client"))));
        if (!topology.etcdExternal()) {
            plans.add(new CertPlan("apiserver-etcd-client", CaId.ETCD,
                    CertRequest.client("kube-apiserver-etcd-client", List.of(), validityDays, algorithm),
                    each(masters, m -> k8sPair(m, "apiserver-etcd-client"))));
        }
        plans.add(new CertPlan("controller-manager", CaId.KUBERNETES,
                CertRequest.client("system:kube-controller-manager", List.of(), validityDays, algorithm),
                each(masters, m -> localKubeconfig(m, "controller-manager.conf"))));
        plans.add(new CertPlan("scheduler", CaId.KUBERNETES,
                CertRequest.client("system:kube-scheduler", List.of(), validityDays, algorithm),
                each(masters, m -> localKubeconfig(m, "scheduler.conf"))));
        plans.add(new CertPlan("admin", CaId.KUBERNETES,
                CertRequest.client("kubernetes-admin", List.of(adminGroup()), validityDays, algorithm),
                each(masters, m -> kubeconfig(m, "admin.conf"))));
        if (clusterAdmins()) {
            // kubeadm init uses it to create the kubeadm:cluster-admins binding; without the CA key on
            // the node it cannot issue it itself.
            plans.add(new CertPlan("super-admin", CaId.KUBERNETES,
                    CertRequest.client("kubernetes-super-admin", List.of("system:masters"), validityDays, algorithm),
                    each(masters, m -> kubeconfig(m, "super-admin.conf"))));
        }
        plans.add(new CertPlan("kube-proxy", CaId.KUBERNETES,
                CertRequest.client("system:kube-proxy", List.of(), validityDays, algorithm),
                each(topology.kubernetesNodes(), n -> kubeconfig(n, "kube-proxy.conf"))));
        return plans;
    }

    /** The kubelet's client identity (system:node:NAME in system:nodes) and its serving certificate. */
    private List<CertPlan> kubelet(Host node) {
        String identity = "system:node:" + node.name();
        return List.of(
                new CertPlan("kubelet client " + node.name(), CaId.KUBERNETES,
                        CertRequest.client(identity, List.of("system:nodes"), validityDays, algorithm),
                        List.of(kubeconfig(node, "kubelet.conf"))),
                new CertPlan("kubelet serving " + node.name(), CaId.KUBERNETES,
                        serving(identity, List.of("system:nodes"), Set.of(Usage.SERVER),
                                List.of(node.name(), node.internalAddress(), node.address())),
                        List.of(new PemPair(node.name(), KUBELET_PKI + "/kubelet.crt", KUBELET_PKI + "/kubelet.key"))));
    }

    /** The topology's SANs (service names, first service IP, endpoint, masters) plus each master's FQDN. */
    private CertRequest apiServerRequest() {
        List<String> sans = new ArrayList<>(topology.apiServerCertSans());
        String dnsDomain = topology.spec().kubernetes().dnsDomain();
        topology.hosts(Role.MASTER).forEach(m -> sans.add(m.name() + "." + dnsDomain));
        return serving("kube-apiserver", List.of(), Set.of(Usage.SERVER), sans);
    }

    /** A certificate with SANs; each name goes in as an IP address when it is a literal one, else as DNS. */
    private CertRequest serving(String cn, List<String> orgs, Set<Usage> usages, List<String> sans) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        for (String san : sans) {
            if (!san.isEmpty()) {
                (IpAddresses.isAddress(san) ? ips : dns).add(san);
            }
        }
        return new CertRequest(cn, orgs, dns, ips, usages, validityDays, algorithm);
    }

    /**
     * The group of admin.conf and apiserver-kubelet-client: kubeadm binds kubeadm:cluster-admins to
     * cluster-admin since v1.29 and issues both in it; a kubexm-type cluster has no kubeadm to create
     * that binding, so they stay in system:masters.
     */
    private String adminGroup() {
        return clusterAdmins() ? "kubeadm:cluster-admins" : "system:masters";
    }

    private boolean clusterAdmins() {
        var k8s = topology.spec().kubernetes();
        return k8s.type() == KubernetesType.KUBEADM
                && Version.parse(k8s.version()).filter(v -> v.compareMinor(CLUSTER_ADMINS_SINCE) >= 0).isPresent();
    }

    /** One copy per host. */
    private static List<Placement> each(List<Host> hosts, Function<Host, Placement> placement) {
        return hosts.stream().map(placement).toList();
    }

    private static PemPair pemPair(Host h, String base) {
        return new PemPair(h.name(), base + ".pem", base + "-key.pem");
    }

    private static PemPair k8sPair(Host h, String base) {
        return new PemPair(h.name(), K8S_PKI + "/" + base + ".crt", K8S_PKI + "/" + base + ".key");
    }

    /** Through the control-plane endpoint (VIP, LB domain, 127.0.0.1 proxy or first master, per /etc/hosts). */
    private InKubeconfig kubeconfig(Host h, String file) {
        return new InKubeconfig(h.name(), "/etc/kubernetes/" + file, topology.controlPlaneEndpoint().url());
    }

    /** Straight to the master's own API server, as kubeadm writes controller-manager.conf and scheduler.conf. */
    private static InKubeconfig localKubeconfig(Host m, String file) {
        return new InKubeconfig(m.name(), "/etc/kubernetes/" + file,
                "https://" + url(m.internalAddress()) + ":" + Topology.API_SERVER_PORT);
    }

    private static String url(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
