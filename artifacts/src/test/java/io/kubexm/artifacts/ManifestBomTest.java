package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.api.EtcdType;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.RegistryType;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.BomRequest.LoadBalancer;
import io.kubexm.artifacts.BomRequest.Storage;
import io.kubexm.artifacts.oci.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images of a bill of materials come from its pinned manifests and charts, fetched from Debian's
 * nginx on loopback serving upstream-shaped ones at their upstream paths.
 */
class ManifestBomTest {
    private static final List<Arch> BOTH = List.of(Arch.AMD64, Arch.ARM64);
    /** A kubeadm cluster with cilium, NodeLocal DNSCache, Rook-Ceph and Longhorn. */
    private static final BomRequest REQUEST = new BomRequest(List.of(), BOTH, KubernetesType.KUBEADM, EtcdType.KUBEXM,
            RuntimeType.CONTAINERD, Optional.of(NetworkPlugin.CILIUM), LoadBalancer.KUBE_VIP, RegistryType.NONE, true,
            Set.of(Storage.ROOK_CEPH, Storage.LONGHORN), List.of(), List.of(), Map.of(), List.of(), List.of());
    private static final List<String> KUBEXM_IMAGES = List.of("registry.k8s.io/kube-apiserver:v1.32.4",
            "registry.k8s.io/kube-controller-manager:v1.32.4", "registry.k8s.io/kube-scheduler:v1.32.4",
            "registry.k8s.io/kube-proxy:v1.32.4", "registry.k8s.io/pause:3.10", "registry.k8s.io/coredns/coredns:v1.11.3",
            "registry.k8s.io/dns/k8s-dns-node-cache:1.25.0", "ghcr.io/kube-vip/kube-vip:v0.8.9");

    @TempDir
    static Path shared;
    static NginxMirror mirror;
    static Path packages;
    static ManifestDownload.Result fetched;

    @BeforeAll
    static void fetchTheManifests() throws Exception {
        Path root = shared.resolve("mirror");
        ManifestFixture.write(root);
        mirror = NginxMirror.serve(root, shared.resolve("nginx"));
        packages = shared.resolve("packages");
        Downloader downloader = new Downloader(new Downloader.Options(2, 2, Duration.ofMillis(50), Duration.ofSeconds(30),
                Mirror.of(mirror.base()), Optional.empty()), e -> { });
        fetched = ManifestDownload.fetch(new BomCalculator(Catalog.builtIn(), Zone.DEFAULT), REQUEST, packages, downloader);
    }

    @AfterAll
    static void stopMirror() throws Exception {
        if (mirror != null) {
            mirror.close();
        }
    }

    @Test
    void beforeTheManifestsAreFetchedTheirImagesArePending() {
        Bom bom = new BomCalculator(Catalog.builtIn(), Zone.DEFAULT).compute(REQUEST);
        assertThat(bom.images()).extracting(ImageArtifact::reference).containsExactlyElementsOf(KUBEXM_IMAGES);
        assertThat(bom.pending()).extracting(p -> p.manifest().url()).containsExactly(
                "https://" + ManifestFixture.CILIUM, "https://" + ManifestFixture.NODELOCALDNS,
                "https://" + ManifestFixture.ROOK, "https://" + ManifestFixture.ROOK_CLUSTER,
                "https://" + ManifestFixture.LONGHORN);
        assertThat(bom.pending()).allSatisfy(p -> assertThat(p.why()).isEqualTo("not fetched"));
    }

    @Test
    void theBomHoldsExactlyTheImagesItsManifestsName() throws Exception {
        assertThat(fetched.report().failures()).isEmpty();
        assertThat(fetched.report().fetched()).hasSize(5);
        Bom bom = fetched.bom();
        assertThat(bom.pending()).isEmpty();

        assertThat(bom.images()).filteredOn(i -> i.manifest().isEmpty()).extracting(ImageArtifact::reference)
                .containsExactlyElementsOf(KUBEXM_IMAGES);
        Set<String> derived = new LinkedHashSet<>();
        ManifestFixture.IMAGES.values().forEach(derived::addAll);
        assertThat(bom.images()).filteredOn(i -> i.manifest().isPresent()).extracting(ImageArtifact::reference)
                .containsExactlyInAnyOrderElementsOf(derived);
        // each tagged with the manifest it came from, with every platform the nodes need
        for (Map.Entry<String, List<String>> e : ManifestFixture.IMAGES.entrySet()) {
            FileArtifact manifest = bom.files().stream().filter(f -> f.url().equals("https://" + e.getKey()))
                    .findFirst().orElseThrow();
            assertThat(bom.images()).filteredOn(i -> i.manifest().equals(Optional.of(manifest.relativePath())))
                    .extracting(ImageArtifact::reference).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue())
                    .allSatisfy(ref -> assertThat(bom.images().stream().filter(i -> i.reference().equals(ref))
                            .findFirst().orElseThrow().component()).isEqualTo(manifest.component()));
        }
        assertThat(bom.images()).allSatisfy(i -> assertThat(i.platforms()).isEqualTo(BOTH))
                .allSatisfy(i -> assertThat(i.pullFrom()).isEqualTo(i.reference()));
        assertThat(bom.manifests()).filteredOn(m -> m.manifest().component().equals("rook")).singleElement()
                .satisfies(m -> assertThat(((ManifestScan.Scanned) m).templated()).hasSize(1));
        // the tofu digest of each manifest is recorded in bom.json at its first download
        assertThat(BundleManifest.read(packages).files()).extracting(BundleManifest.FileEntry::path).containsAll(bom.manifestFiles().stream()
                .map(FileArtifact::relativePath).toList());
    }

    @Test
    void aManifestChangedAfterItsDownloadIsNotRead() throws Exception {
        Path copy = shared.resolve("tampered");
        copyTree(packages, copy);
        FileArtifact longhorn = fetched.bom().files().stream().filter(f -> f.component().equals("longhorn"))
                .findFirst().orElseThrow();
        Files.writeString(copy.resolve(longhorn.relativePath()), "apiVersion: v1\nkind: Pod\nspec: {containers: [{image: evil/x:1}]}\n");
        Bom bom = new BomCalculator(Catalog.builtIn(), Zone.DEFAULT).compute(REQUEST, copy);
        assertThat(bom.pending()).singleElement().satisfies(p -> {
            assertThat(p.manifest()).isEqualTo(longhorn);
            assertThat(p.why()).endsWith("does not match the sha256 recorded at its download");
        });
        assertThat(bom.images()).extracting(ImageArtifact::reference).doesNotContain("docker.io/evil/x:1")
                .noneMatch(r -> r.contains("longhornio"));
        // --check names the file and that its images are unknown
        assertThat(BundleCheck.check(bom, copy, Optional.of("10.0.0.20:5000"), Optional.empty()).missing())
                .contains("images of " + longhorn.relativePath() + ": unknown, " + copy.resolve(longhorn.relativePath())
                        + " does not match the sha256 recorded at its download")
                .anySatisfy(m -> assertThat(m).startsWith("file " + longhorn.relativePath() + ": sha256 "));
    }

    @Test
    void chinaZonePullsEveryImageFromItsRegistrysMirrorWithThePathKept() {
        Bom bom = new BomCalculator(Catalog.builtIn(), Zone.CN).compute(REQUEST, packages);
        assertThat(bom.pending()).isEmpty(); // the zone changes where files come from, not where they live
        Map<String, String> mirrors = Catalog.builtIn().zone(Zone.CN).registries();
        List<String> pulls = new ArrayList<>();
        for (ImageArtifact i : bom.images()) {
            ImageReference from = ImageReference.parse(i.pullFrom());
            ImageReference ref = ImageReference.parse(i.reference());
            assertThat(from.registry()).as(i.reference()).isEqualTo(mirrors.get(ref.registry()));
            assertThat(from.repository()).isEqualTo(ref.repository());
            assertThat(from.tag()).isEqualTo(ref.tag());
            assertThat(from.digest()).isEqualTo(ref.digest());
            pulls.add(i.pullFrom());
        }
        // no two images meet in one name after the rewrite (the old flat namespace made rook/ceph and ceph/ceph one)
        assertThat(pulls).doesNotHaveDuplicates().hasSize(bom.images().size())
                .contains("docker.m.daocloud.io/rook/ceph:v1.17.1", "quay.m.daocloud.io/ceph/ceph:v19.2.2",
                        "k8s.m.daocloud.io/coredns/coredns:v1.11.3", "ghcr.m.daocloud.io/kube-vip/kube-vip:v0.8.9");
        // the same name and tag under two registries, which one flat namespace made one image
        assertThat(pulls).contains("k8s.m.daocloud.io/sig-storage/csi-node-driver-registrar:v2.13.0",
                "docker.m.daocloud.io/longhornio/csi-node-driver-registrar:v2.13.0");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

}
