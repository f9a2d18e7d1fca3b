package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.api.Arch;
import io.kubexm.api.EtcdType;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.RegistryType;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.YamlEnum;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.BomRequest.LoadBalancer;
import io.kubexm.artifacts.BomRequest.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BomCalculatorTest {
    private static final List<Arch> BOTH = List.of(Arch.AMD64, Arch.ARM64);

    private static BomRequest request(KubernetesType k8s, EtcdType etcd, RuntimeType runtime, LoadBalancer lb,
                                      RegistryType registry, List<String> oses) {
        return new BomRequest(oses, BOTH, k8s, etcd, runtime, Optional.of(NetworkPlugin.CALICO), lb, registry, true,
                Set.of(Storage.LOCAL_PATH), List.of("vim"), List.of("vim-enhanced"), Map.of(), List.of(), List.of());
    }

    private static Bom compute(BomRequest r) {
        return new BomCalculator(Catalog.builtIn(), Zone.DEFAULT).compute(r);
    }

    private static List<String> components(Bom bom, Arch arch) {
        return bom.files().stream().filter(f -> f.arch().equals(Optional.of(arch))).map(FileArtifact::component).toList();
    }

    @Test
    void kubeadmClusterWithContainerdAndCalico() {
        Bom bom = compute(request(KubernetesType.KUBEADM, EtcdType.KUBEADM, RuntimeType.CONTAINERD,
                LoadBalancer.HAPROXY_STATIC_POD, RegistryType.REGISTRY, List.of("debian12", "rocky9")));

        for (Arch a : BOTH) {
            assertThat(components(bom, a)).containsExactly("kubeadm", "kubelet", "kubectl", "etcd", "containerd",
                    "runc", "crictl", "cni-plugins", "nerdctl", "calicoctl", "helm", "registry");
        }
        FileArtifact kubelet = bom.files().stream()
                .filter(f -> f.component().equals("kubelet") && f.arch().equals(Optional.of(Arch.ARM64)))
                .findFirst().orElseThrow();
        assertThat(kubelet.url()).isEqualTo("https://dl.k8s.io/release/v1.32.4/bin/linux/arm64/kubelet");
        // upstream's published digest of kubelet v1.32.4 arm64
        assertThat(kubelet.verification()).isEqualTo(new Verification.Pinned(
                "91117b71eb2bb3dd79ec3ed444e058a347349108bf661838f53ee30d2a0ff168"));
        assertThat(kubelet.relativePath()).isEqualTo("files/kubelet/v1.32.4/arm64/kubelet");
        FileArtifact etcd = bom.files().stream().filter(f -> f.component().equals("etcd")).findFirst().orElseThrow();
        assertThat(etcd.url()).isEqualTo(
                "https://github.com/etcd-io/etcd/releases/download/v3.5.21/etcd-v3.5.21-linux-amd64.tar.gz");
        assertThat(etcd.verification()).isEqualTo(
                new Verification.Sums("https://github.com/etcd-io/etcd/releases/download/v3.5.21/SHA256SUMS"));
        FileArtifact containerd = bom.files().stream().filter(f -> f.component().equals("containerd")).findFirst().orElseThrow();
        assertThat(containerd.verification()).isEqualTo(new Verification.Sidecar(
                "https://github.com/containerd/containerd/releases/download/v1.7.27/containerd-1.7.27-linux-amd64.tar.gz.sha256sum"));
        // kubeadm deploys CoreDNS itself: only NodeLocal DNSCache's manifest is fetched
        assertThat(bom.files()).filteredOn(f -> f.arch().isEmpty()).extracting(FileArtifact::relativePath)
                .containsExactly("manifests/calico/v3.27.4/calico.yaml", "manifests/nodelocaldns/v1.32.4/nodelocaldns.yaml",
                        "manifests/local-path-provisioner/v0.0.31/local-path-storage.yaml");
        FileArtifact nodelocaldns = bom.files().stream().filter(f -> f.component().equals("nodelocaldns")).findFirst().orElseThrow();
        assertThat(nodelocaldns.url()).isEqualTo("https://raw.githubusercontent.com/kubernetes/kubernetes/v1.32.4/"
                + "cluster/addons/dns/nodelocaldns/nodelocaldns.yaml");
        assertThat(nodelocaldns.verification()).isEqualTo(new Verification.TrustOnFirstUse());

        // the images kubexm runs itself; calico's and local-path's are read from their manifests once fetched
        assertThat(bom.images()).extracting(ImageArtifact::reference).containsExactly(
                "registry.k8s.io/kube-apiserver:v1.32.4", "registry.k8s.io/kube-controller-manager:v1.32.4",
                "registry.k8s.io/kube-scheduler:v1.32.4", "registry.k8s.io/kube-proxy:v1.32.4",
                "registry.k8s.io/etcd:3.5.16-0", "registry.k8s.io/pause:3.10", "registry.k8s.io/coredns/coredns:v1.11.3",
                "registry.k8s.io/dns/k8s-dns-node-cache:1.25.0", "docker.io/library/haproxy:3.0.10-alpine");
        assertThat(bom.pending()).extracting(p -> p.manifest().component())
                .containsExactly("calico", "nodelocaldns", "local-path-provisioner");
        assertThat(bom.images()).allSatisfy(i -> assertThat(i.platforms()).isEqualTo(BOTH));

        assertThat(bom.packages()).extracting(p -> p.os() + "/" + p.arch().yaml())
                .containsExactly("debian12/amd64", "debian12/arm64", "rocky9/amd64", "rocky9/arm64");
        assertThat(bom.packages().get(0).packages()).contains("conntrack", "nfs-common", "open-iscsi", "vim")
                .doesNotContain("haproxy", "vim-enhanced");
        assertThat(bom.packages().get(2).packages()).contains("conntrack-tools", "nfs-utils", "vim-enhanced");
    }

    @Test
    void kubexmBinariesDockerAndExternalLoadBalancer() {
        Bom bom = compute(request(KubernetesType.KUBEXM, EtcdType.KUBEXM, RuntimeType.DOCKER,
                LoadBalancer.EXTERNAL_KEEPALIVED_NGINX, RegistryType.HARBOR, List.of("ubuntu22.04")));

        assertThat(components(bom, Arch.ARM64)).containsExactly("kube-apiserver", "kube-controller-manager",
                "kube-scheduler", "kube-proxy", "kubelet", "kubectl", "etcd", "docker", "cri-dockerd", "crictl",
                "cni-plugins", "calicoctl", "helm", "docker-compose");
        // goharbor publishes no arm64 offline installer: the matrix's harbor is the amd64 one only
        assertThat(components(bom, Arch.AMD64)).contains("harbor");
        assertThat(bom.files()).filteredOn(f -> f.component().equals("harbor")).singleElement()
                .satisfies(f -> assertThat(f.arch()).contains(Arch.AMD64));
        assertThat(bom.files()).filteredOn(f -> f.component().equals("docker")).extracting(FileArtifact::url)
                .containsExactly("https://download.docker.com/linux/static/stable/x86_64/docker-24.0.9.tgz",
                        "https://download.docker.com/linux/static/stable/aarch64/docker-24.0.9.tgz");
        assertThat(bom.images()).extracting(ImageArtifact::component)
                .doesNotContain("kube-apiserver", "etcd", "haproxy", "nginx").contains("pause", "coredns");
        assertThat(bom.packages().get(0).packages()).contains("keepalived", "nginx", "libnginx-mod-stream");
    }

    @Test
    void chinaZoneFetchesFilesFromChinaMirrorsAndChecksumsFromWhereTheyArePublished() {
        Bom bom = new BomCalculator(Catalog.builtIn(), Zone.fromEnv("cn")).compute(request(KubernetesType.KUBEADM,
                EtcdType.KUBEXM, RuntimeType.CONTAINERD, LoadBalancer.KUBE_VIP, RegistryType.NONE, List.of()));

        FileArtifact kubeadm = file(bom, "kubeadm");
        assertThat(kubeadm.url()).isEqualTo("https://kubernetes-release.pek3b.qingstor.com/release/v1.32.4/bin/linux/amd64/kubeadm");
        // KubeKey's qingstor copy publishes the files only: crictl's .sha256 comes from upstream
        FileArtifact crictl = file(bom, "crictl");
        assertThat(crictl.url()).startsWith("https://kubernetes-release.pek3b.qingstor.com/cri-tools/");
        assertThat(crictl.verification()).isEqualTo(new Verification.Sidecar("https://github.com/kubernetes-sigs/cri-tools/"
                + "releases/download/v1.32.0/crictl-v1.32.0-linux-amd64.tar.gz.sha256"));
        assertThat(crictl.verification().describe()).isEqualTo("crictl-v1.32.0-linux-amd64.tar.gz.sha256 at github.com");
        // nerdctl has no copy of its own there: the path-keeping mirror serves it and its SHA256SUMS
        FileArtifact nerdctl = file(bom, "nerdctl");
        assertThat(nerdctl.url()).isEqualTo("https://files.m.daocloud.io/github.com/containerd/nerdctl/releases/download/"
                + "v2.0.4/nerdctl-2.0.4-linux-amd64.tar.gz");
        assertThat(nerdctl.verification()).isEqualTo(new Verification.Sums(
                "https://files.m.daocloud.io/github.com/containerd/nerdctl/releases/download/v2.0.4/SHA256SUMS"));
        assertThat(nerdctl.verification().describe()).isEqualTo("SHA256SUMS at files.m.daocloud.io");
        assertThat(file(bom, "calico").url()).isEqualTo(
                "https://files.m.daocloud.io/raw.githubusercontent.com/projectcalico/calico/v3.27.4/manifests/calico.yaml");

        // images keep their name (manifests and nodes use it) and are pulled from their registry's mirror
        assertThat(bom.images()).filteredOn(i -> i.component().equals("coredns")).singleElement().satisfies(i -> {
            assertThat(i.reference()).isEqualTo("registry.k8s.io/coredns/coredns:v1.11.3");
            assertThat(i.pullFrom()).isEqualTo("k8s.m.daocloud.io/coredns/coredns:v1.11.3");
        });
        assertThat(bom.images()).extracting(ImageArtifact::pullFrom).contains("ghcr.m.daocloud.io/kube-vip/kube-vip:v0.8.9");
    }

    /** Every file and manifest of every choice has a China source, but Rook's charts, which no mirror carries. */
    @Test
    void everyComponentHasAChinaSource() {
        BomCalculator cn = new BomCalculator(Catalog.builtIn(), Zone.CN);
        BomCalculator upstream = new BomCalculator(Catalog.builtIn(), Zone.DEFAULT);
        List<BomRequest> all = new java.util.ArrayList<>();
        for (RuntimeType runtime : RuntimeType.values()) {
            for (NetworkPlugin cni : NetworkPlugin.values()) {
                for (KubernetesType k8s : KubernetesType.values()) {
                    for (RegistryType registry : List.of(RegistryType.REGISTRY, RegistryType.HARBOR)) {
                        all.add(new BomRequest(List.of(), List.of(Arch.AMD64), k8s, EtcdType.KUBEXM, runtime, Optional.of(cni),
                                LoadBalancer.KUBE_VIP, registry, true, Set.of(Storage.values()), List.of(), List.of(), Map.of(),
                                List.of(), List.of()));
                    }
                }
            }
        }
        java.util.Set<String> covered = new java.util.TreeSet<>();
        java.util.Set<String> withoutMirror = new java.util.TreeSet<>();
        for (BomRequest r : all) {
            List<FileArtifact> up = upstream.compute(r).files();
            List<FileArtifact> china = cn.compute(r).files();
            for (int i = 0; i < up.size(); i++) {
                covered.add(up.get(i).component());
                if (up.get(i).url().equals(china.get(i).url())) {
                    withoutMirror.add(up.get(i).component());
                }
            }
        }
        // jdk-jmods is dist's, never a cluster's
        assertThat(covered).containsAll(Catalog.builtIn().files().keySet().stream().filter(c -> !c.equals("jdk-jmods")).toList())
                .containsAll(Catalog.builtIn().manifests().keySet());
        assertThat(withoutMirror).containsExactly("rook", "rook-cluster");
    }

    private static FileArtifact file(Bom bom, String component) {
        return bom.files().stream().filter(f -> f.component().equals(component)).findFirst().orElseThrow();
    }

    @Test
    void versionsFileOverridesVersionsChecksumsAndUrls(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("versions.yaml");
        String digest = "ab".repeat(32);
        Files.writeString(file, """
                versions: {etcd: v3.5.99}
                checksums: {etcd: {arm64: {v3.5.99: %s}}}
                files:
                  helm: {url: "https://mirror.example/helm/{version}/helm-{arch}.tgz"}
                """.formatted(digest));
        Bom bom = new BomCalculator(Catalog.load(Optional.of(file)), Zone.DEFAULT).compute(request(
                KubernetesType.KUBEADM, EtcdType.KUBEXM, RuntimeType.CONTAINERD, LoadBalancer.NONE,
                RegistryType.NONE, List.of()));

        assertThat(bom.files()).filteredOn(f -> f.component().equals("etcd")).extracting(FileArtifact::verification)
                .containsExactly(new Verification.Sums("https://github.com/etcd-io/etcd/releases/download/v3.5.99/SHA256SUMS"),
                        new Verification.Pinned(digest));
        FileArtifact helm = bom.files().stream().filter(f -> f.component().equals("helm")).findFirst().orElseThrow();
        assertThat(helm.url()).isEqualTo("https://mirror.example/helm/v3.18.5/helm-amd64.tgz");
        // only the URL changed: helm v3.18.5's pinned digest still verifies what the new URL serves
        assertThat(helm.verification()).isEqualTo(new Verification.Pinned(
                Catalog.builtIn().pinned("helm", Arch.AMD64, "v3.18.5").orElseThrow()));
    }

    @Test
    void refusesWhatCannotBeBuilt() {
        assertThatThrownBy(() -> compute(request(KubernetesType.KUBEADM, EtcdType.KUBEADM, RuntimeType.CONTAINERD,
                LoadBalancer.NONE, RegistryType.NONE, List.of("windows11"))))
                .hasMessageContaining("unsupported OS 'windows11'").hasMessageContaining("debian12");
        assertThatThrownBy(() -> compute(request(KubernetesType.KUBEADM, EtcdType.KUBEADM, RuntimeType.ISULAD,
                LoadBalancer.NONE, RegistryType.NONE, List.of("debian12"))))
                .hasMessageContaining("isulad is packaged for rpm systems only");
        assertThatThrownBy(() -> YamlEnum.parse(LoadBalancer.class, "--lb", "haproxy"))
                .hasMessage("--lb: 'haproxy' is not one of none | haproxy-static-pod | nginx-static-pod | haproxy-binary"
                        + " | nginx-binary | kube-vip | external-keepalived-haproxy | external-keepalived-nginx | external-user");
        assertThatThrownBy(() -> YamlEnum.parse(Storage.class, "--storage", "rook_ceph"))
                .hasMessage("--storage: 'rook_ceph' is not one of local-path | openebs | nfs | rook-ceph | longhorn;"
                        + " did you mean 'rook-ceph'?");
    }

    @Test
    void mirrorKeepsUpstreamPaths() {
        assertThat(Mirror.of("http://m.local:8080/kx/").map("https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl"))
                .isEqualTo("http://m.local:8080/kx/dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl");
        assertThat(Mirror.none().map("https://get.helm.sh/x.tgz")).isEqualTo("https://get.helm.sh/x.tgz");
        assertThatThrownBy(() -> Mirror.of("m.local")).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void harborOnArm64IsRefusedInsteadOfFetchingTheAmd64Installer() {
        BomRequest armOnly = new BomRequest(List.of(), List.of(Arch.ARM64), KubernetesType.KUBEADM, EtcdType.KUBEXM,
                RuntimeType.CONTAINERD, Optional.empty(), LoadBalancer.NONE, RegistryType.HARBOR, false, Set.of(),
                List.of(), List.of(), Map.of(), List.of(), List.of());
        assertThatThrownBy(() -> compute(armOnly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("harbor v2.10.2 is published upstream for [amd64] only, not [arm64]: put the registry role"
                        + " on an amd64 host, or choose registry type registry");
        BomRequest armRegistryHost = new BomRequest(List.of(), BOTH, KubernetesType.KUBEADM, EtcdType.KUBEXM,
                RuntimeType.CONTAINERD, Optional.empty(), LoadBalancer.NONE, RegistryType.HARBOR, false, Set.of(),
                List.of(), List.of(), Map.of(), List.of(), List.of(Arch.ARM64));
        assertThatThrownBy(() -> compute(armRegistryHost)).hasMessageStartingWith("harbor v2.10.2 is published upstream");
        BomRequest amdRegistryHost = new BomRequest(List.of(), BOTH, KubernetesType.KUBEADM, EtcdType.KUBEXM,
                RuntimeType.CONTAINERD, Optional.empty(), LoadBalancer.NONE, RegistryType.HARBOR, false, Set.of(),
                List.of(), List.of(), Map.of(), List.of(), List.of(Arch.AMD64));
        assertThat(compute(amdRegistryHost).files()).filteredOn(f -> Set.of("harbor", "docker", "docker-compose")
                .contains(f.component())).allSatisfy(f -> assertThat(f.arch()).contains(Arch.AMD64)).hasSize(3);
    }
}
