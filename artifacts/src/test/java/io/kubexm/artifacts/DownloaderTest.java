package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kubexm.api.Arch;
import io.kubexm.api.EtcdType;
import io.kubexm.api.KubernetesType;
import io.kubexm.api.NetworkPlugin;
import io.kubexm.api.RegistryType;
import io.kubexm.api.RuntimeType;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.BomRequest.LoadBalancer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against Debian's nginx on loopback serving upstream-shaped release files. */
class DownloaderTest {
    private static final Set<String> SERVED = Set.of("kubectl", "etcd", "containerd", "runc", "cni-plugins");

    @TempDir
    static Path shared;
    static UpstreamFixture upstream;
    static NginxMirror mirror;

    @TempDir
    Path work;

    @BeforeAll
    static void startMirror() throws Exception {
        upstream = UpstreamFixture.build(shared.resolve("mirror"), shared.resolve("scratch"));
        mirror = NginxMirror.serve(upstream.root, shared.resolve("nginx"));
    }

    @AfterAll
    static void stopMirror() throws Exception {
        if (mirror != null) {
            mirror.close();
        }
    }

    private static BomRequest request() {
        return new BomRequest(List.of("debian12"), List.of(Arch.AMD64), KubernetesType.KUBEADM, EtcdType.KUBEXM,
                RuntimeType.CONTAINERD, Optional.of(NetworkPlugin.CALICO), LoadBalancer.NONE, RegistryType.REGISTRY, true, Set.of(),
                List.of(), List.of(), Map.of(), List.of(), List.of());
    }

    private List<FileArtifact> bomFiles(String versionsFile, Set<String> components) throws IOException {
        Path file = work.resolve("versions.yaml");
        Files.writeString(file, versionsFile);
        Bom bom = new BomCalculator(Catalog.load(Optional.of(file)), Zone.DEFAULT).compute(request());
        return bom.files().stream().filter(f -> components.contains(f.component())).toList();
    }

    private Downloader downloader(String base, List<DownloadEvent> events) {
        return new Downloader(new Downloader.Options(4, 3, Duration.ofMillis(50), Duration.ofSeconds(30),
                Mirror.of(base), Optional.of(work.resolve("cache"))), events::add);
    }

    @Test
    void downloadsVerifiesRecordsAndFetchesNothingTheSecondTime() throws Exception {
        List<FileArtifact> files = bomFiles(upstream.versionsFile(true), SERVED);
        assertThat(files).hasSize(5);
        Path packages = work.resolve("packages");
        List<DownloadEvent> events = Collections.synchronizedList(new ArrayList<>());

        DownloadReport report = downloader(mirror.base(), events).download(files, packages);
        BundleManifest manifest = BundleManifest.recordFiles(packages, report);

        assertThat(report.failures()).isEmpty();
        for (FileArtifact f : files) {
            String upstreamPath = f.url().replaceFirst("^https://", "");
            Path got = packages.resolve(f.relativePath());
            assertThat(Digests.sha256(got)).as(f.label()).isEqualTo(upstream.digests.get(upstreamPath));
            // sha256sum, an independent tool, agrees with the .sha256 kubexm wrote beside the file.
            assertThat(UpstreamFixture.run(List.of("sh", "-c", "cd '" + got.getParent() + "' && sha256sum -c '"
                    + got.getFileName() + ".sha256'"))).contains(": OK");
            assertThat(got.resolveSibling(got.getFileName() + ".part")).doesNotExist();
        }
        assertThat(packages.resolve("files/etcd/v3.4.23/amd64/etcd-v3.4.23-linux-amd64.tar.gz")).exists();
        assertThat(packages.resolve("files/runc/v1.1.5/amd64/runc.amd64")).exists();
        // The downloaded etcd archive is a working etcd.
        Path unpack = Files.createDirectories(work.resolve("unpack"));
        UpstreamFixture.run(List.of("tar", "-C", unpack.toString(), "-xzf",
                packages.resolve("files/etcd/v3.4.23/amd64/etcd-v3.4.23-linux-amd64.tar.gz").toString()));
        assertThat(UpstreamFixture.run(List.of(unpack.resolve("etcd-v3.4.23-linux-amd64/etcd").toString(), "--version")))
                .contains("etcd Version: 3.4.23");
        assertThat(manifest.files()).hasSize(5).allSatisfy(e -> {
            assertThat(e.source()).startsWith("https://");
            assertThat(e.size()).isPositive();
            assertThat(e.sha256()).hasSize(64);
        });

        int requestsBefore = mirror.accessLog().size();
        events.clear();
        DownloadReport again = downloader(mirror.base(), events).download(files, packages);
        assertThat(again.failures()).isEmpty();
        assertThat(again.fetched()).allMatch(DownloadReport.Fetched::cached);
        assertThat(mirror.accessLog()).hasSize(requestsBefore);
        assertThat(again.summary()).startsWith("5 files verified (0 downloaded, 5 already present), 0 failed");

        // Another bundle (other versions dir, say) takes the same files from the digest cache: only the
        // small checksum files of the components without a pinned digest are asked for.
        int before = mirror.accessLog().size();
        DownloadReport other = downloader(mirror.base(), events).download(files, work.resolve("other-bundle"));
        assertThat(other.failures()).isEmpty();
        assertThat(other.fetched()).allMatch(DownloadReport.Fetched::cached);
        assertThat(mirror.accessLog().subList(before, mirror.accessLog().size()))
                .allMatch(l -> l.contains("SHA256SUMS") || l.contains("runc.sha256sum")).isNotEmpty();
    }

    @Test
    void mismatchesAndMissingFilesAreNamedAndGoodFilesStay() throws Exception {
        // A mirror whose runc differs from the runc.sha256sum beside it.
        Path root = work.resolve("bad-mirror");
        try (Stream<Path> all = Files.walk(upstream.root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Path target = root.resolve(upstream.root.relativize(p));
                Files.createDirectories(target.getParent());
                Files.createLink(target, p);
            }
        }
        Path runc = root.resolve("github.com/opencontainers/runc/releases/download/v1.1.5/runc.amd64");
        byte[] bytes = Files.readAllBytes(runc);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.delete(runc);
        Files.write(runc, bytes);
        String corruptDigest = Digests.sha256(runc);

        // No kubectl digest in the versions file: the catalog's pinned upstream digest applies,
        // and Debian's kubectl is not upstream's v1.32.4 binary.
        String versions = upstream.versionsFile(false);
        Set<String> wanted = Set.of("kubectl", "etcd", "containerd", "runc", "cni-plugins", "crictl");
        List<FileArtifact> files = bomFiles(versions, wanted);
        Path packages = work.resolve("packages");
        try (NginxMirror bad = NginxMirror.serve(root, work.resolve("nginx"))) {
            DownloadReport report = downloader(bad.base(), Collections.synchronizedList(new ArrayList<>()))
                    .download(files, packages);

            assertThat(report.fetched()).extracting(f -> f.file().component())
                    .containsExactlyInAnyOrder("etcd", "containerd", "cni-plugins");
            assertThat(report.failures()).hasSize(3);
            String pinnedKubectl = Catalog.builtIn().pinned("kubectl", Arch.AMD64, "v1.32.4").orElseThrow();
            assertThat(failure(report, "kubectl")).contains("sha256 mismatch", "kubectl v1.32.4 amd64",
                    "https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl",
                    "expected " + pinnedKubectl, "got " + upstream.digests.get(UpstreamFixture.kubectlPath()));
            assertThat(failure(report, "runc")).contains("sha256 mismatch", "runc v1.1.5 amd64",
                    bad.base() + "/github.com/opencontainers/runc/releases/download/v1.1.5/runc.amd64",
                    "expected " + upstream.digests.get("github.com/opencontainers/runc/releases/download/v1.1.5/runc.amd64"),
                    "got " + corruptDigest);
            assertThat(failure(report, "crictl")).contains("not found (HTTP 404)", "crictl v1.32.0 amd64",
                    bad.base() + "/github.com/kubernetes-sigs/cri-tools/releases/download/v1.32.0/crictl-v1.32.0-linux-amd64.tar.gz.sha256");
            assertThat(report.summary()).startsWith("3 files verified (3 downloaded, 0 already present), 3 failed")
                    .contains("  - sha256 mismatch for runc");
        }
        assertThat(packages.resolve("files/runc/v1.1.5/amd64")).isEmptyDirectory();
        assertThat(packages.resolve("files/kubectl/v1.32.4/amd64")).isEmptyDirectory();
        assertThat(packages.resolve("files/etcd/v3.4.23/amd64/etcd-v3.4.23-linux-amd64.tar.gz")).exists();
    }

    private static String failure(DownloadReport report, String component) {
        return report.failures().stream().filter(f -> f.file().component().equals(component))
                .map(DownloadReport.Failure::message).findFirst().orElseThrow();
    }

    @Test
    void brokenTransfersResumeWithRangeAndStalePartialFilesAreReplaced() throws Exception {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        Set<String> cut = ConcurrentHashMap.newKeySet();
        HttpClient toNginx = HttpClient.newHttpClient();
        HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        front.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(path + " range=" + range);
            // The first transfer of the etcd archive breaks off half-way, as a dropped connection would.
            if (path.endsWith("etcd-v3.4.23-linux-amd64.tar.gz") && cut.add(path)) {
                Path file = upstream.root.resolve(path.substring(1));
                long len = Files.size(file);
                ex.sendResponseHeaders(200, len);
                try (InputStream in = Files.newInputStream(file)) {
                    OutputStream out = ex.getResponseBody();
                    out.write(in.readNBytes((int) (len / 2)));
                    out.flush();
                }
                ex.close();
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(mirror.base() + path));
            if (range != null) {
                req.header("Range", range);
            }
            try {
                HttpResponse<InputStream> r = toNginx.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
                r.headers().firstValue("Content-Range").ifPresent(v -> ex.getResponseHeaders().add("Content-Range", v));
                long len = r.headers().firstValueAsLong("Content-Length").orElse(0);
                ex.sendResponseHeaders(r.statusCode(), r.statusCode() == 404 ? -1 : len);
                try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
                    in.transferTo(out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        front.start();
        try {
            List<FileArtifact> files = bomFiles(upstream.versionsFile(true),
                    Set.of("etcd", "containerd", "runc"));
            Path packages = work.resolve("packages");
            // A partial containerd from an earlier run, and a runc partial that is garbage.
            FileArtifact containerd = files.stream().filter(f -> f.component().equals("containerd")).findFirst().orElseThrow();
            Path ctrPart = packages.resolve(containerd.relativePath() + ".part");
            Files.createDirectories(ctrPart.getParent());
            Path ctrUpstream = upstream.root.resolve(containerd.url().replaceFirst("^https://", ""));
            try (InputStream in = Files.newInputStream(ctrUpstream)) {
                Files.write(ctrPart, in.readNBytes(1_000_000));
            }
            FileArtifact runc = files.stream().filter(f -> f.component().equals("runc")).findFirst().orElseThrow();
            Path runcPart = packages.resolve(runc.relativePath() + ".part");
            Files.createDirectories(runcPart.getParent());
            Files.write(runcPart, new byte[4096]);

            List<DownloadEvent> events = Collections.synchronizedList(new ArrayList<>());
            String base = "http://127.0.0.1:" + front.getAddress().getPort();
            DownloadReport report = downloader(base, events).download(files, packages);

            assertThat(report.failures()).isEmpty();
            for (DownloadReport.Fetched f : report.fetched()) {
                assertThat(f.sha256()).isEqualTo(upstream.digests.get(f.file().url().replaceFirst("^https://", "")));
            }
            String etcd = "/github.com/etcd-io/etcd/releases/download/v3.4.23/etcd-v3.4.23-linux-amd64.tar.gz";
            long half = Files.size(upstream.root.resolve(etcd.substring(1))) / 2;
            assertThat(events).filteredOn(e -> e instanceof DownloadEvent.Retrying r && r.file().component().equals("etcd"))
                    .hasSize(1);
            // It resumed from what had arrived (at most half; the abort may lose buffered bytes).
            assertThat(requests).contains(etcd + " range=null");
            long resumedAt = requests.stream().filter(r -> r.startsWith(etcd + " range=bytes="))
                    .map(r -> Long.parseLong(r.replaceAll(".*range=bytes=(\\d+)-$", "$1")))
                    .findFirst().orElseThrow();
            assertThat(resumedAt).isPositive().isLessThanOrEqualTo(half);
            String ctr = "/" + containerd.url().replaceFirst("^https://", "");
            assertThat(requests).contains(ctr + " range=bytes=1000000-").doesNotContain(ctr + " range=null");
            // The garbage runc partial resumed to a wrong digest, so one clean transfer replaced it.
            String runcUrl = "/" + runc.url().replaceFirst("^https://", "");
            assertThat(requests).contains(runcUrl + " range=bytes=4096-", runcUrl + " range=null");
            assertThat(mirror.accessLog()).anyMatch(l -> l.contains(etcd + " 206 range=bytes=" + resumedAt + "-"));
        } finally {
            front.stop(0);
        }
    }

    @Test
    void helmChartsAreVerifiedByTheirRepositoryIndex() throws Exception {
        Path root = work.resolve("charts-mirror");
        Path repo = Files.createDirectories(root.resolve("charts.example.com/stable"));
        Path chartDir = Files.createDirectories(work.resolve("chart/mychart"));
        Files.writeString(chartDir.resolve("Chart.yaml"), "apiVersion: v2\nname: mychart\nversion: 1.2.3\n");
        UpstreamFixture.run(List.of("tar", "-C", work.resolve("chart").toString(), "-czf",
                repo.resolve("mychart-1.2.3.tgz").toString(), "mychart"));
        Files.copy(repo.resolve("mychart-1.2.3.tgz"), repo.resolve("mychart-1.2.4.tgz"));
        Files.writeString(repo.resolve("index.yaml"), """
                apiVersion: v1
                entries:
                  mychart:
                    - version: 1.2.3
                      digest: %s
                      urls: [https://charts.example.com/stable/mychart-1.2.3.tgz]
                    - version: 1.2.4
                      digest: %s
                      urls: [mychart-1.2.4.tgz]
                """.formatted(Digests.sha256(repo.resolve("mychart-1.2.3.tgz")), "ab".repeat(32)));
        BomRequest base = request();
        BomRequest withCharts = new BomRequest(base.oses(), base.arches(), base.kubernetesType(), base.etcdType(),
                base.runtime(), Optional.empty(), base.loadBalancer(), RegistryType.NONE, false, Set.of(), List.of(),
                List.of(), Map.of(), List.of(new BomRequest.HelmChart("web", "https://charts.example.com/stable/", "mychart", "1.2.3"),
                        new BomRequest.HelmChart("web2", "https://charts.example.com/stable", "mychart", "1.2.4"),
                        new BomRequest.HelmChart("web3", "https://charts.example.com/stable", "mychart", "9.9.9")), List.of());
        List<FileArtifact> charts = new BomCalculator(Catalog.builtIn(), Zone.DEFAULT).compute(withCharts).files().stream()
                .filter(f -> f.verification() instanceof Verification.HelmIndex).toList();
        assertThat(charts).extracting(FileArtifact::relativePath).containsExactly("manifests/mychart/1.2.3/mychart-1.2.3.tgz",
                "manifests/mychart/1.2.4/mychart-1.2.4.tgz", "manifests/mychart/9.9.9/mychart-9.9.9.tgz");

        Path packages = work.resolve("packages");
        try (NginxMirror charted = NginxMirror.serve(root, work.resolve("nginx"))) {
            DownloadReport report = downloader(charted.base(), Collections.synchronizedList(new ArrayList<>()))
                    .download(charts, packages);
            assertThat(report.fetched()).singleElement().satisfies(f -> assertThat(f.file().version()).isEqualTo("1.2.3"));
            assertThat(UpstreamFixture.run(List.of("tar", "-tzf",
                    packages.resolve("manifests/mychart/1.2.3/mychart-1.2.3.tgz").toString()))).contains("mychart/Chart.yaml");
            assertThat(report.failures()).extracting(DownloadReport.Failure::message).anySatisfy(m -> assertThat(m)
                    .contains("sha256 mismatch for mychart 1.2.4", "expected " + "ab".repeat(32)))
                    .anySatisfy(m -> assertThat(m).contains("chart mychart 9.9.9 is not in " + charted.base()
                            + "/charts.example.com/stable/index.yaml"));
        }
    }
}
