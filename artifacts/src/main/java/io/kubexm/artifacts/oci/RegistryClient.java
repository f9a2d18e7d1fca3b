package io.kubexm.artifacts.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubexm.artifacts.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A focused client of the OCI distribution API for one registry: Basic and bearer-token
 * auth, manifests (indexes and manifest lists included), blobs verified by digest,
 * chunked uploads and cross-repository blob mounts.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final int READ_ATTEMPTS = 4;

    /** A manifest as the registry serves it; {@code digest} is the sha256 of exactly these bytes. */
    public record Manifest(String mediaType, byte[] bytes, String digest) {}

    private final RegistryConfig config;
    private final HttpClient http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile String basic;

    public RegistryClient(RegistryConfig config) {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20));
        if (!config.plainHttp()) {
            b.sslContext(sslContext(config));
        }
        this.http = b.build();
    }

    public String host() {
        return config.host();
    }

    public Manifest manifest(String repo, String reference) throws IOException {
        return retrying(() -> fetchManifest(repo, reference));
    }

    private Manifest fetchManifest(String repo, String reference) throws IOException {
        HttpResponse<byte[]> r = send(List.of(pull(repo)), b -> b.uri(uri("/v2/" + repo + "/manifests/" + reference))
                .header("Accept", MediaTypes.ACCEPT).GET(), HttpResponse.BodyHandlers.ofByteArray());
        expect(r, "manifest " + repo + ":" + reference, 200);
        String digest = "sha256:" + Digests.sha256(r.body());
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new IOException("manifest " + repo + "@" + reference + " from " + config.host()
                    + " has digest " + digest + ": the registry served other content than asked for");
        }
        String type = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
                .filter(t -> !t.isEmpty() && !t.equals("application/json"))
                .orElseGet(() -> mediaTypeOf(r.body()));
        return new Manifest(type, r.body(), digest);
    }

    /** The digest the registry has for a tag or digest, if it has one. */
    public Optional<String> manifestDigest(String repo, String reference) throws IOException {
        HttpResponse<Void> r = send(List.of(pull(repo)), b -> b.uri(uri("/v2/" + repo + "/manifests/" + reference))
                .header("Accept", MediaTypes.ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, "manifest " + repo + ":" + reference, 200);
        return r.headers().firstValue("Docker-Content-Digest");
    }

    /** Streams a blob into {@code target}, verifying its digest; nothing is left behind on a mismatch. */
    public void blob(String repo, String digest, Path target) throws IOException {
        retrying(() -> {
            fetchBlob(repo, digest, target);
            return null;
        });
    }

    private void fetchBlob(String repo, String digest, Path target) throws IOException {
        HttpResponse<InputStream> r = send(List.of(pull(repo)), b -> b.uri(uri("/v2/" + repo + "/blobs/" + digest)).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = r.body()) {
            expect(r, "blob " + repo + "@" + digest, 200);
            String actual;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                actual = "sha256:" + Digests.sha256(in, out);
            }
            if (!actual.equals(digest)) {
                Files.deleteIfExists(tmp);
                throw new IOException("blob " + repo + "@" + digest + " from " + config.host() + " has digest " + actual);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public boolean hasBlob(String repo, String digest) throws IOException {
        HttpResponse<Void> r = send(List.of(push(repo)), b -> b.uri(uri("/v2/" + repo + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 404) {
            return false;
        }
        expect(r, "blob " + repo + "@" + digest, 200);
        return true;
    }

    /** Asks the registry to link a blob it holds in {@code fromRepo}; false when it started an upload instead. */
    public boolean mountBlob(String repo, String digest, String fromRepo) throws IOException {
        String q = "?mount=" + enc(digest) + "&from=" + enc(fromRepo);
        HttpResponse<Void> r = send(List.of(push(repo), pull(fromRepo)), b -> b.uri(uri("/v2/" + repo + "/blobs/uploads/" + q))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 201) {
            return true;
        }
        expect(r, "mount of " + digest + " from " + fromRepo + " into " + repo, 202);
        // The registry opened an upload session instead; close it so it does not linger.
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isPresent()) {
            send(List.of(push(repo)), b -> b.uri(resolve(location.get())).DELETE(), HttpResponse.BodyHandlers.discarding());
        }
        return false;
    }

    /** Uploads a blob in chunks of {@code chunkSize} bytes (POST, PATCH..., PUT ?digest=). */
    public void uploadBlob(String repo, String digest, Path file, int chunkSize) throws IOException {
        HttpResponse<Void> start = send(List.of(push(repo)), b -> b.uri(uri("/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        expect(start, "upload of " + digest + " to " + repo, 202);
        String location = location(start);
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long offset = 0;
            while (offset < size) {
                int len = (int) Math.min(chunkSize, size - offset);
                byte[] chunk = new byte[len];
                raf.seek(offset);
                raf.readFully(chunk);
                final String loc = location;
                final long from = offset;
                HttpResponse<Void> r = send(List.of(push(repo)), b -> b.uri(resolve(loc))
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", from + "-" + (from + len - 1))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)), HttpResponse.BodyHandlers.discarding());
                expect(r, "chunk " + from + "-" + (from + len - 1) + " of " + digest + " to " + repo, 202);
                location = location(r);
                offset += len;
            }
        }
        final String loc = location;
        String sep = loc.contains("?") ? "&" : "?";
        HttpResponse<Void> done = send(List.of(push(repo)), b -> b.uri(resolve(loc + sep + "digest=" + enc(digest)))
                .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        expect(done, "completing upload of " + digest + " to " + repo, 201);
    }

    public void putManifest(String repo, String reference, String mediaType, byte[] bytes) throws IOException {
        HttpResponse<String> r = send(List.of(push(repo)), b -> b.uri(uri("/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                HttpResponse.BodyHandlers.ofString());
        expect(r, "manifest " + repo + ":" + reference, 201);
    }

    /** An answer the registry gave on purpose (not found, denied, bad request): trying again changes nothing. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** Reads are retried with backoff after a broken connection, a 5xx or a 429; a refusal is final. */
    private <T> T retrying(Call<T> call) throws IOException {
        long backoffMs = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Refused e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= READ_ATTEMPTS) {
                    throw new IOException(e.getMessage() + " (after " + attempt + " attempts)", e);
                }
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while retrying " + config.host(), e);
            }
            backoffMs *= 2;
        }
    }

    private static String pull(String repo) {
        return "repository:" + repo + ":pull";
    }

    private static String push(String repo) {
        return "repository:" + repo + ":pull,push";
    }

    /** Sends a request, answering a 401 challenge (Basic or Bearer) once and retrying. */
    private <T> HttpResponse<T> send(List<String> scopes, UnaryOperator<HttpRequest.Builder> build,
                                     HttpResponse.BodyHandler<T> handler) throws IOException {
        String scopeKey = String.join(" ", scopes);
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = build.apply(HttpRequest.newBuilder().timeout(Duration.ofMinutes(10)))
                    .header("User-Agent", "kubexm");
            String token = tokens.get(scopeKey);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            } else if (basic != null) {
                b.header("Authorization", "Basic " + basic);
            }
            HttpResponse<T> r;
            try {
                r = http.send(b.build(), handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted talking to " + config.host(), e);
            }
            if (r.statusCode() != 401 || attempt > 0) {
                return r;
            }
            if (r.body() instanceof InputStream in) {
                in.close();
            }
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
                tokens.put(scopeKey, token(challenge, scopes));
            } else if (challenge.regionMatches(true, 0, "Basic", 0, 5) && config.username().isPresent()) {
                basic = Base64.getEncoder().encodeToString((config.username().get() + ":"
                        + config.password().map(s -> s.reveal()).orElse("")).getBytes(StandardCharsets.UTF_8));
            } else {
                return r;
            }
        }
    }

    private String token(String challenge, List<String> scopes) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new Refused(config.host() + " asked for a bearer token without naming a realm: " + challenge);
        }
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        q.append("service=").append(enc(params.getOrDefault("service", config.host())));
        for (String s : scopes) {
            q.append("&scope=").append(enc(s));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString())).timeout(Duration.ofSeconds(60)).GET();
        if (config.username().isPresent()) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((config.username().get() + ":"
                    + config.password().map(s -> s.reveal()).orElse("")).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching a token from " + realm, e);
        }
        if (r.statusCode() != 200) {
            throw new Refused("token service " + realm + " refused " + scopes + " for " + config.host()
                    + " (HTTP " + r.statusCode() + "): check the registry's username and password in the config");
        }
        JsonNode body = JSON.readTree(r.body());
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new IOException("token service " + realm + " answered without a token");
        }
        return token;
    }

    private void expect(HttpResponse<?> r, String what, int status) throws IOException {
        if (r.statusCode() == status) {
            return;
        }
        String body = r.body() instanceof String s ? s : r.body() instanceof byte[] bs ? new String(bs, StandardCharsets.UTF_8) : "";
        if (r.body() instanceof InputStream in) {
            body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
        }
        String hint = switch (r.statusCode()) {
            case 401, 403 -> ": check the credentials configured for " + config.host();
            case 404 -> ": not in the registry";
            default -> "";
        };
        String message = what + " at " + config.host() + ": HTTP " + r.statusCode() + hint
                + (body.isBlank() ? "" : " (" + body.strip().replaceAll("\\s+", " ") + ")");
        throw r.statusCode() >= 500 || r.statusCode() == 429 ? new IOException(message) : new Refused(message);
    }

    private String location(HttpResponse<?> r) throws IOException {
        return r.headers().firstValue("Location")
                .orElseThrow(() -> new IOException(config.host() + " answered an upload without a Location"));
    }

    private URI uri(String path) {
        return URI.create(config.baseUrl() + path);
    }

    private URI resolve(String location) {
        return URI.create(config.baseUrl() + "/").resolve(location);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String mediaTypeOf(byte[] manifest) {
        try {
            JsonNode n = JSON.readTree(manifest);
            if (n.hasNonNull("mediaType")) {
                return n.get("mediaType").asText();
            }
            return n.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        } catch (IOException e) {
            return MediaTypes.OCI_MANIFEST;
        }
    }

    private static SSLContext sslContext(RegistryConfig c) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (c.insecureSkipVerify()) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            } else if (c.caFile().isPresent()) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                List<Certificate> certs;
                try (InputStream in = Files.newInputStream(c.caFile().get())) {
                    certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
                }
                for (int i = 0; i < certs.size(); i++) {
                    ks.setCertificateEntry("ca" + i, certs.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ctx.init(null, tmf.getTrustManagers(), null);
            } else {
                return SSLContext.getDefault();
            }
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS for registry " + c.host()
                    + c.caFile().map(f -> " with CA file " + f).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /** insecureSkipVerify: the user chose to accept any certificate and host name from this registry. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
