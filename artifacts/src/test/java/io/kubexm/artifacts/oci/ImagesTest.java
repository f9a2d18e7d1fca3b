package io.kubexm.artifacts.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kubexm.api.Arch;
import io.kubexm.artifacts.Digests;
import io.kubexm.artifacts.ImageArtifact;
import io.kubexm.util.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real registries (Debian's docker-registry) on loopback: an "upstream" seeded by
 * skopeo with multi-arch images the test builds, and a "private" one with TLS and Basic
 * auth. skopeo, an independent client, judges both the OCI layout and the pushed images.
 */
class ImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "kubexm";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final List<Arch> BOTH = List.of(Arch.AMD64, Arch.ARM64);

    @TempDir
    static Path shared;
    static LocalRegistry upstream;
    static LocalRegistry mirrorPrivate;

    @TempDir
    Path work;

    @BeforeAll
    static void startRegistries() throws Exception {
        upstream = LocalRegistry.plain(shared.resolve("upstream"));
        mirrorPrivate = LocalRegistry.tlsWithAuth(shared.resolve("private"), USER, PASSWORD);
        TestImages images = new TestImages(shared.resolve("seed"), Files.createDirectories(shared.resolve("scratch")));
        images.add("app", List.of("amd64", "arm64", "s390x"));
        images.add("tool", List.of("amd64", "arm64"));
        images.add("solo", List.of("amd64"));
        String seed = shared.resolve("seed").toString();
        String up = upstream.host();
        skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + seed + ":app", "docker://" + up + "/kx/app:1.0");
        // Docker's media types (manifest list + schema 2) for the second image.
        skopeo("copy", "--all", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + seed + ":tool",
                "docker://" + up + "/kx/tools/tool:2.0");
        skopeo("copy", "--dest-tls-verify=false", "oci:" + seed + ":solo", "docker://" + up + "/kx/solo:1");
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        if (mirrorPrivate != null) {
            mirrorPrivate.close();
        }
    }

    private static String skopeo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        return LocalRegistry.run(cmd);
    }

    private static RegistryClient upstreamClient(ImageReference ref) {
        assertThat(ref.registry()).isEqualTo(upstream.host());
        return new RegistryClient(new RegistryConfig(ref.registry(), true, Optional.empty(), false,
                Optional.empty(), Optional.empty()));
    }

    private static RegistryClient privateClient(String password) {
        return new RegistryClient(new RegistryConfig(mirrorPrivate.host(), false,
                Optional.of(mirrorPrivate.dir.resolve("certs/ca.crt")), false, Optional.of(USER),
                Optional.of(Secret.of(password))));
    }

    private List<ImageArtifact> images() {
        String up = upstream.host();
        return List.of(new ImageArtifact("app", up + "/kx/app:1.0", BOTH),
                new ImageArtifact("tool", up + "/kx/tools/tool:2.0", BOTH),
                new ImageArtifact("solo", up + "/kx/solo:1", List.of(Arch.AMD64)));
    }

    /**
     * An image pulled from a mirror is kept under the name manifests use; one named by digest (as cilium's chart
     * names its images) keeps its whole index, whose digest is the one pinned, though the nodes need two platforms.
     */
    @Test
    void mirroredAndDigestPinnedImagesKeepTheirNameAndDigest() throws Exception {
        String index = "sha256:" + Digests.sha256(skopeo("inspect", "--raw", "--tls-verify=false",
                "docker://" + upstream.host() + "/kx/app:1.0").getBytes(StandardCharsets.UTF_8));
        String name = "quay.io/kx/app:1.0@" + index;
        OciLayout layout = OciLayout.open(work.resolve("images"));
        ImagePuller.Pulled p = new ImagePuller(layout, ImagesTest::upstreamClient).pull(new ImageArtifact("app", name, BOTH,
                upstream.host() + "/kx/app:1.0@" + index, Optional.of("manifests/app/1.0/app.yaml")));

        assertThat(p.reference()).isEqualTo(name);
        assertThat(p.digest()).isEqualTo(index);
        assertThat(p.platforms()).containsExactly("linux/amd64", "linux/arm64", "linux/s390x");
        assertThat(layout.entries()).extracting(OciLayout.Entry::reference).containsExactly(name);
        skopeo("copy", "--all", "oci:" + layout.dir() + ":" + name, "dir:" + work.resolve("check-pinned"));

        // pushed under its tag (namespace "pinned" keeps it apart from the other test's images), it answers to both
        List<ImagePusher.Pushed> pushed = new ImagePusher(layout, privateClient(PASSWORD), Optional.of("pinned")).pushAll();
        assertThat(pushed).singleElement().satisfies(x -> assertThat(x.target())
                .isEqualTo(mirrorPrivate.host() + "/pinned/app:1.0@" + index));
        for (String at : List.of(":1.0", "@" + index)) {
            String raw = skopeo("inspect", "--raw", "--cert-dir", mirrorPrivate.dir.resolve("certs").toString(), "--creds",
                    USER + ":" + PASSWORD, "docker://" + mirrorPrivate.host() + "/pinned/app" + at);
            assertThat("sha256:" + Digests.sha256(raw.getBytes(StandardCharsets.UTF_8))).as(at).isEqualTo(index);
        }
    }

    @Test
    void pullsToAnOciLayoutAndPushesIdempotentlyIntoThePrivateRegistry() throws Exception {
        OciLayout layout = OciLayout.open(work.resolve("images"));
        ImagePuller puller = new ImagePuller(layout, ImagesTest::upstreamClient);
        List<ImagePuller.Pulled> pulled = new ArrayList<>();
        for (ImageArtifact i : images()) {
            pulled.add(puller.pull(i));
        }
        assertThat(pulled).extracting(ImagePuller.Pulled::platforms).containsExactly(
                List.of("linux/amd64", "linux/arm64"), List.of("linux/amd64", "linux/arm64"), List.of("linux/amd64"));
        assertThat(pulled).noneMatch(ImagePuller.Pulled::present);
        // tool's manifest list needed no narrowing, so it is kept byte for byte.
        String toolDigest = skopeo("inspect", "--raw", "--tls-verify=false",
                "docker://" + upstream.host() + "/kx/tools/tool:2.0");
        assertThat(pulled.get(1).digest()).isEqualTo("sha256:" + Digests.sha256(
                toolDigest.getBytes(StandardCharsets.UTF_8)));

        // skopeo reads our layout and copies every platform out of it, checking each digest.
        // (skopeo 1.9 looks up OCI-typed entries only; tool keeps Docker's types and is judged after the push.)
        assertThat(layout.entries()).filteredOn(e -> e.reference().endsWith("tool:2.0"))
                .extracting(OciLayout.Entry::mediaType).containsExactly(MediaTypes.DOCKER_LIST);
        for (ImageArtifact i : List.of(images().get(0), images().get(2))) {
            skopeo("copy", "--all", "oci:" + layout.dir() + ":" + i.reference(), "dir:" + work.resolve("check-" + i.component()));
        }
        JsonNode app = JSON.readTree(skopeo("inspect", "--raw", "oci:" + layout.dir() + ":" + images().get(0).reference()));
        assertThat(app.path("manifests")).extracting(m -> m.path("platform").path("architecture").asText())
                .containsExactly("amd64", "arm64");

        // Pulling again fetches nothing.
        assertThat(new ImagePuller(layout, ImagesTest::upstreamClient).pull(images().get(0)).present()).isTrue();

        // 4 KiB chunks: every 10 KiB layer goes up in several PATCH requests.
        ImagePusher pusher = new ImagePusher(layout, privateClient(PASSWORD), Optional.of("mirror"), 4096);
        List<ImagePusher.Pushed> pushed = pusher.pushAll();
        assertThat(pushed).extracting(ImagePusher.Pushed::target).containsExactlyInAnyOrder(
                mirrorPrivate.host() + "/mirror/app:1.0", mirrorPrivate.host() + "/mirror/tool:2.0",
                mirrorPrivate.host() + "/mirror/solo:1");
        assertThat(pushed).noneMatch(ImagePusher.Pushed::unchanged);
        // The layer every image shares went up once and was mounted into the other repositories.
        assertThat(pushed.stream().mapToInt(ImagePusher.Pushed::blobsMounted).sum()).isEqualTo(2);

        String certDir = mirrorPrivate.dir.resolve("certs").toString();
        String creds = USER + ":" + PASSWORD;
        for (ImagePusher.Pushed p : pushed) {
            List<String> arches = p.source().endsWith("solo:1") ? List.of("amd64") : List.of("amd64", "arm64");
            for (String arch : arches) {
                JsonNode info = JSON.readTree(skopeo("inspect", "--cert-dir", certDir, "--creds", creds,
                        "--override-os", "linux", "--override-arch", arch, "docker://" + p.target()));
                assertThat(info.path("Architecture").asText()).as(p.target()).isEqualTo(arch);
            }
            String raw = skopeo("inspect", "--raw", "--cert-dir", certDir, "--creds", creds, "docker://" + p.target());
            assertThat("sha256:" + Digests.sha256(raw.getBytes(StandardCharsets.UTF_8)))
                    .as("the private registry serves the layout's manifest unchanged").isEqualTo(p.digest());
        }

        List<ImagePusher.Pushed> again = new ImagePusher(layout, privateClient(PASSWORD), Optional.of("mirror")).pushAll();
        assertThat(again).allMatch(ImagePusher.Pushed::unchanged);
        assertThat(Files.readString(mirrorPrivate.dir.resolve("registry.log"))).doesNotContain(PASSWORD);

        // insecureSkipVerify reaches the TLS registry without its CA; without either, TLS is refused.
        RegistryClient insecure = new RegistryClient(new RegistryConfig(mirrorPrivate.host(), false, Optional.empty(),
                true, Optional.of(USER), Optional.of(Secret.of(PASSWORD))));
        assertThat(insecure.manifestDigest("mirror/app", "1.0")).contains(pushed.getFirst().digest());
        RegistryClient untrusted = new RegistryClient(new RegistryConfig(mirrorPrivate.host(), false, Optional.empty(),
                false, Optional.of(USER), Optional.of(Secret.of(PASSWORD))));
        assertThatThrownBy(() -> untrusted.manifestDigest("mirror/app", "1.0"))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void missingPlatformsAndBadCredentialsAreExplained() throws Exception {
        OciLayout layout = OciLayout.open(work.resolve("images"));
        ImagePuller puller = new ImagePuller(layout, ImagesTest::upstreamClient);
        assertThatThrownBy(() -> puller.pull(new ImageArtifact("solo", upstream.host() + "/kx/solo:1", BOTH)))
                .hasMessageContaining("is single-platform linux/amd64 but the nodes need [linux/arm64]");
        puller.pull(new ImageArtifact("app", upstream.host() + "/kx/app:1.0", List.of(Arch.AMD64)));

        ImagePusher pusher = new ImagePusher(layout, privateClient("wrong"), Optional.empty());
        assertThatThrownBy(pusher::pushAll)
                .hasMessageContaining("HTTP 401").hasMessageContaining("check the credentials configured for "
                        + mirrorPrivate.host())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));
    }

    @Test
    void bearerTokensFromATokenServiceGrantPushAndPull() throws Exception {
        OciLayout layout = OciLayout.open(work.resolve("images"));
        new ImagePuller(layout, ImagesTest::upstreamClient).pull(images().get(0));
        try (TokenServer tokens = TokenServer.start(work.resolve("token"), "robot", "t0ken-pw");
             LocalRegistry guarded = LocalRegistry.tokenAuth(work.resolve("guarded"), tokens.realm(), tokens.cert)) {
            RegistryClient client = new RegistryClient(new RegistryConfig(guarded.host(), true, Optional.empty(), false,
                    Optional.of("robot"), Optional.of(Secret.of("t0ken-pw"))));
            List<ImagePusher.Pushed> pushed = new ImagePusher(layout, client, Optional.empty()).pushAll();
            assertThat(pushed).singleElement().satisfies(p -> assertThat(p.blobsUploaded()).isEqualTo(5));
            assertThat(tokens.scopesAsked).contains("repository:kx/app:pull,push");

            // Pull it back through the token service into a fresh layout.
            OciLayout back = OciLayout.open(work.resolve("back"));
            ImagePuller.Pulled pulled = new ImagePuller(back, ref -> client)
                    .pull(new ImageArtifact("app", guarded.host() + "/kx/app:1.0", BOTH));
            assertThat(pulled.digest()).isEqualTo(pushed.getFirst().digest());
            assertThat(tokens.scopesAsked).contains("repository:kx/app:pull");

            RegistryClient wrong = new RegistryClient(new RegistryConfig(guarded.host(), true, Optional.empty(), false,
                    Optional.of("robot"), Optional.of(Secret.of("nope"))));
            assertThatThrownBy(() -> wrong.manifest("kx/app", "1.0"))
                    .hasMessageContaining("token service " + tokens.realm() + " refused [repository:kx/app:pull]")
                    .hasMessageContaining("(HTTP 401)");
        }
    }

    @Test
    void aPullSurvivesAServerErrorAndABrokenBlobTransfer() throws Exception {
        AtomicInteger blobGets = new AtomicInteger();
        HttpClient toUpstream = HttpClient.newHttpClient();
        HttpServer front = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        front.createContext("/", ex -> {
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(
                        URI.create("http://" + upstream.host() + ex.getRequestURI()));
                String accept = ex.getRequestHeaders().getFirst("Accept");
                if (accept != null) {
                    req.header("Accept", accept);
                }
                HttpResponse<byte[]> r = toUpstream.send(req.method(ex.getRequestMethod(),
                        HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                r.headers().map().forEach((k, v) -> {
                    if (!k.equalsIgnoreCase("content-length") && !k.equals(":status")) {
                        v.forEach(x -> ex.getResponseHeaders().add(k, x));
                    }
                });
                boolean blob = ex.getRequestURI().getPath().contains("/blobs/");
                int n = blob ? blobGets.incrementAndGet() : 0;
                if (n == 1) {
                    ex.sendResponseHeaders(503, -1); // the first blob: the server is briefly unwell
                } else if (n == 2) {
                    ex.sendResponseHeaders(200, r.body().length); // the second: the connection drops half-way
                    ex.getResponseBody().write(r.body(), 0, r.body().length / 2);
                    ex.getResponseBody().flush();
                } else {
                    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                    ex.getResponseBody().write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ex.close();
            }
        });
        front.start();
        try {
            String host = "127.0.0.1:" + front.getAddress().getPort();
            RegistryClient viaFront = new RegistryClient(new RegistryConfig(host, true, Optional.empty(), false,
                    Optional.empty(), Optional.empty()));
            OciLayout layout = OciLayout.open(work.resolve("images"));
            ImagePuller.Pulled p = new ImagePuller(layout, ref -> viaFront)
                    .pull(new ImageArtifact("app", host + "/kx/app:1.0", BOTH));
            assertThat(p.platforms()).containsExactly("linux/amd64", "linux/arm64");
            assertThat(blobGets.get()).isGreaterThan(2);
            skopeo("copy", "--all", "oci:" + layout.dir() + ":" + host + "/kx/app:1.0", "dir:" + work.resolve("check"));
        } finally {
            front.stop(0);
        }
    }
}
