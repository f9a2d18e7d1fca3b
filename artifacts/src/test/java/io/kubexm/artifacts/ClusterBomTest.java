package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.BomRequest.LoadBalancer;
import io.kubexm.artifacts.oci.RegistryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterBomTest {
    private static final String BASE = """
            apiVersion: kubexm.io/v1alpha1
            kind: Cluster
            metadata: {name: demo}
            spec:
              hosts:
                - {name: m1, address: 10.0.0.11, password: x}
                - {name: m2, address: 10.0.0.12, password: x, arch: arm64}
                - {name: m3, address: 10.0.0.13, password: x}
                - {name: r1, address: 10.0.0.20, password: x}
              roleGroups:
                etcd: [m1, m2, m3]
                master: [m1, m2, m3]
                worker: [m1, m2, m3]
                registry: [r1]
            """;

    @Test
    void aClusterConfigDecidesArchesVersionsAndChoices() {
        ClusterConfig c = ClusterConfigs.parse(BASE + """
                  kubernetes: {type: kubexm, version: v1.31.4}
                  etcd: {version: v3.5.22}
                  loadbalancer: {enabled: true, mode: internal, type: nginx}
                  network: {plugin: cilium, nodeLocalDNS: false}
                  storage: {localPath: {enabled: false}, longhorn: {enabled: true}}
                  system: {debs: [htop], rpms: [htop-rpm]}
                  zone: cn
                  addons:
                    - {name: ingress, namespace: ingress, helm: {repo: "https://kubernetes.github.io/ingress-nginx", chart: ingress-nginx, version: 4.12.1}}
                """);
        BomRequest r = ClusterBom.request(c, List.of("debian12"));
        assertThat(r.arches()).containsExactly(Arch.AMD64, Arch.ARM64);
        assertThat(r.kubernetesType()).isEqualTo(KubernetesType.KUBEXM);
        assertThat(r.loadBalancer()).isEqualTo(LoadBalancer.NGINX_BINARY);
        assertThat(r.cni()).contains(NetworkPlugin.CILIUM);
        assertThat(r.nodeLocalDns()).isFalse();
        assertThat(r.storage()).containsExactly(BomRequest.Storage.LONGHORN);
        assertThat(r.versions()).containsEntry("kubernetes", "v1.31.4").containsEntry("etcd", "v3.5.22")
                .containsEntry("containerd", "v1.7.27");
        assertThat(ClusterBom.zone(c, "")).isEqualTo(Zone.CN);

        Bom bom = new BomCalculator(Catalog.builtIn(), Zone.DEFAULT).compute(r);
        assertThat(bom.files()).filteredOn(f -> f.component().equals("kube-apiserver")).hasSize(2);
        assertThat(bom.files()).filteredOn(f -> f.component().equals("ingress-nginx")).singleElement()
                .satisfies(f -> {
                    assertThat(f.url()).isEqualTo("https://kubernetes.github.io/ingress-nginx/ingress-nginx-4.12.1.tgz");
                    assertThat(f.verification()).isEqualTo(new Verification.HelmIndex(
                            "https://kubernetes.github.io/ingress-nginx/index.yaml", "ingress-nginx", "4.12.1"));
                });
        assertThat(bom.packages().getFirst().packages()).contains("nginx", "htop").doesNotContain("htop-rpm");
        // kubexm runs pause and CoreDNS itself; the images of cilium, longhorn and CoreDNS's manifest are read
        // from those once fetched
        assertThat(bom.images()).extracting(ImageArtifact::reference)
                .containsExactly("registry.k8s.io/pause:3.10", "registry.k8s.io/coredns/coredns:v1.11.3");
        assertThat(bom.pending()).extracting(p -> p.manifest().relativePath()).containsExactly(
                "manifests/cilium/v1.16.9/cilium-1.16.9.tgz", "manifests/coredns/v1.31.4/coredns.yaml.base",
                "manifests/longhorn/v1.8.1/longhorn.yaml", "manifests/ingress-nginx/4.12.1/ingress-nginx-4.12.1.tgz");
    }

    @Test
    void privateRegistryAndAuthsComeFromTheConfig() {
        ClusterConfig c = ClusterConfigs.parse(BASE + """
                  loadbalancer: {enabled: true, mode: kube-vip, vip: 10.0.0.100, interface: eth0}
                  registry:
                    namespaceOverride: kx
                    insecure: true
                    auths:
                      "docker.io": {username: me, password: hub-secret}
                      "quay.io": {plainHTTP: true}
                """);
        assertThat(ClusterBom.request(c, List.of()).loadBalancer()).isEqualTo(LoadBalancer.KUBE_VIP);
        RegistryConfig priv = ClusterRegistries.privateRegistry(c).orElseThrow();
        assertThat(priv.host()).isEqualTo("10.0.0.20:5000");
        assertThat(priv.insecureSkipVerify()).isTrue();
        RegistryConfig hub = ClusterRegistries.auths(c).get("docker.io");
        assertThat(hub.username()).contains("me");
        assertThat(hub.password().orElseThrow().reveal()).isEqualTo("hub-secret");
        assertThat(hub.toString()).doesNotContain("hub-secret");
        assertThat(ClusterRegistries.auths(c).get("quay.io").plainHttp()).isTrue();
        assertThat(ClusterRegistries.auths(c).get("quay.io").caFile()).isEqualTo(Optional.<Path>empty());
    }
}
