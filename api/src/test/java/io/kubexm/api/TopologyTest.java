package io.kubexm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private static final String HOSTS = """
            apiVersion: kubexm.io/v1alpha1
            kind: Cluster
            metadata: {name: demo}
            spec:
              hosts:
                - {name: node1, address: 192.168.1.11, internalAddress: 10.0.0.11}
                - {name: node2, address: 192.168.1.12, internalAddress: 10.0.0.12}
                - {name: node3, address: 192.168.1.13, internalAddress: 10.0.0.13}
                - {name: node4, address: 192.168.1.14}
                - {name: lb1, address: 192.168.1.21, bastion: {address: 192.168.1.1}}
              roleGroups:
                control-plane: ["node[1:3]"]
                worker: [node1, "node[3:4]"]
            """;

    private static Topology topology(String extra) {
        return Topology.of(ClusterConfigs.parse(HOSTS + extra));
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    @Test
    void rangesExpandAndRolesKeepTheirWrittenOrder() {
        Topology t = topology("");
        assertThat(names(t.hosts(Role.MASTER))).containsExactly("node1", "node2", "node3");
        assertThat(names(t.hosts(Role.WORKER))).containsExactly("node1", "node3", "node4");
        assertThat(t.firstMaster().name()).isEqualTo("node1");
        assertThat(t.roles(t.host("node3").orElseThrow())).containsExactly(Role.ETCD, Role.MASTER, Role.WORKER);
        assertThat(names(t.kubernetesNodes())).containsExactly("node1", "node2", "node3", "node4");
    }

    @Test
    void etcdDefaultsToTheMastersWithPeerAndClientUrlsOnInternalAddresses() {
        Topology t = topology("");
        assertThat(t.etcdInitialCluster()).isEqualTo(
                "node1=https://10.0.0.11:2380,node2=https://10.0.0.12:2380,node3=https://10.0.0.13:2380");
        assertThat(t.etcdEndpoints()).containsExactly(
                "https://10.0.0.11:2379", "https://10.0.0.12:2379", "https://10.0.0.13:2379");
        assertThat(t.etcdStacked()).isFalse();
        assertThat(t.etcdExternal()).isFalse();
    }

    @Test
    void externalEtcdHasNoMembersOfOurs() {
        Topology t = topology("""
                  etcd: {type: external, external: {endpoints: ["https://10.9.0.5:2379"], caFile: ca.pem, certFile: c.pem, keyFile: k.pem}}
                """);
        assertThat(t.hosts(Role.ETCD)).isEmpty();
        assertThat(t.etcdInitialCluster()).isEmpty();
        assertThat(t.etcdEndpoints()).containsExactly("https://10.9.0.5:2379");
    }

    @Test
    void serviceAddressesComeFromTheServiceCidr() {
        Topology t = topology("  network: {serviceCIDR: 10.96.0.0/12}\n");
        assertThat(t.firstServiceIp()).isEqualTo("10.96.0.1");
        assertThat(t.clusterDnsIp()).isEqualTo("10.96.0.10");
        assertThat(topology("").clusterDnsIp()).isEqualTo("10.233.0.10");
    }

    @Test
    void withoutLoadBalancerEveryoneUsesTheFirstMaster() {
        Topology t = topology("");
        assertThat(t.controlPlaneEndpoint()).isEqualTo(new ControlPlaneEndpoint("lb.kubexm.local", "10.0.0.11", 6443));
        assertThat(t.controlPlaneEndpoint().url()).isEqualTo("https://lb.kubexm.local:6443");
        assertThat(t.apiServerAddressFor(t.host("node4").orElseThrow())).isEqualTo("10.0.0.11");
        assertThat(t.apiServerAddressFor(t.host("node2").orElseThrow())).isEqualTo("10.0.0.12");
        assertThat(t.internalProxyHosts()).isEmpty();
    }

    @Test
    void internalModeProxiesOnLoopbackOnWorkersThatAreNotMasters() {
        Topology t = topology("  loadbalancer: {enabled: true, mode: internal, type: haproxy}\n");
        assertThat(t.controlPlaneEndpoint().address()).isEqualTo("127.0.0.1");
        assertThat(names(t.internalProxyHosts())).containsExactly("node4");
        assertThat(t.apiServerAddressFor(t.host("node4").orElseThrow())).isEqualTo("127.0.0.1");
        assertThat(t.apiServerAddressFor(t.host("node3").orElseThrow())).isEqualTo("10.0.0.13");
    }

    @Test
    void vipModesPointEveryoneAtTheVip() {
        Topology t = topology("  loadbalancer: {enabled: true, mode: kube-vip, vip: 10.0.0.100,"
                + " interface: eth0}\n");
        assertThat(t.controlPlaneEndpoint().address()).isEqualTo("10.0.0.100");
        assertThat(t.apiServerAddressFor(t.host("node2").orElseThrow())).isEqualTo("10.0.0.100");
        assertThat(t.apiServerCertSans()).contains("10.0.0.100", "lb.kubexm.local", "10.233.0.1", "node2",
                "10.0.0.12", "192.168.1.12", "kubernetes.default.svc.cluster.local");
    }

    @Test
    void internalProxiesAreStaticPodsOnlyUnderKubeadm() {
        assertThat(topology("").internalProxyAsStaticPod()).isTrue();
        assertThat(topology("  kubernetes: {type: kubexm}\n").internalProxyAsStaticPod()).isFalse();
    }

    @Test
    void dockerGoesThroughCriDockerd() {
        assertThat(topology("  runtime: {type: docker}\n").usesCriDockerd()).isTrue();
        assertThat(topology("").usesCriDockerd()).isFalse();
    }

    @Test
    void bastionOfTheHostWinsOverTheClusterOne() {
        Topology t = topology("  bastion: {address: 192.168.1.2}\n");
        assertThat(t.bastionFor(t.host("lb1").orElseThrow()).orElseThrow().address()).isEqualTo("192.168.1.1");
        assertThat(t.bastionFor(t.host("node1").orElseThrow()).orElseThrow().address()).isEqualTo("192.168.1.2");
        assertThat(topology("").bastionFor(t.host("node1").orElseThrow())).isEmpty();
    }

    @Test
    void registryEndpointIsTheRegistryNodeUnlessNamed() {
        assertThat(topology("").registryEndpoint()).isEmpty();
        String withNode = HOSTS + "    registry: [node4]\n";
        assertThat(Topology.of(ClusterConfigs.parse(withNode)).registryEndpoint()).contains("192.168.1.14:5000");
        assertThat(topology("  registry: {privateRegistry: reg.example.com:443}\n").registryEndpoint())
                .contains("reg.example.com:443");
    }

    @Test
    void anUndefinedHostInARoleIsRefused() {
        ClusterConfig config = ClusterConfigs.parse(HOSTS);
        ClusterSpec spec = config.spec();
        RoleGroups groups = new RoleGroups(List.of(), List.of("node1"), List.of("node9"), List.of(), List.of());
        ClusterConfig broken = new ClusterConfig(config.apiVersion(), config.kind(), config.metadata(),
                new ClusterSpec(spec.hosts(), spec.bastion(), groups, spec.kubernetes(), spec.etcd(),
                        spec.loadbalancer(), spec.network(), spec.runtime(), spec.registry(), spec.system(),
                        spec.extra(), spec.storage(), spec.addons(), spec.zone()));
        assertThatThrownBy(() -> Topology.of(broken)).hasMessageContaining("roleGroups.worker names undefined host node9");
    }

    @Test
    void rangesKeepZeroPadding() {
        assertThat(HostRanges.expand("n[08:10]-x")).containsExactly("n08-x", "n09-x", "n10-x");
        assertThat(HostRanges.expand("plain")).containsExactly("plain");
        assertThatThrownBy(() -> HostRanges.expand("n[3:1]")).hasMessageContaining("runs backwards");
    }
}
