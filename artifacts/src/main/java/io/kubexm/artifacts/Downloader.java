package io.kubexm.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubexm.artifacts.DownloadReport.Failure;
import io.kubexm.artifacts.DownloadReport.Fetched;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Fetches the files of a bill of materials into the bundle: in parallel, resuming broken
 * transfers with HTTP Range, retrying with backoff, skipping files already present with
 * the right digest, and verifying every file by sha256 before it is kept. A failure is
 * reported and the run goes on; good files stay.
 */
public final class Downloader {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int BUFFER = 256 * 1024;
    private static final long PROGRESS_STEP = 1 << 20;

    /**
     * @param attempts tries per file, counting the first
     * @param backoff wait before the second try; doubled before each further one
     */
    public record Options(int parallelism, int attempts, Duration backoff, Duration requestTimeout, Mirror mirror,
                          Optional<Path> cache) {
        public static Options defaults() {
            return new Options(4, 5, Duration.ofSeconds(1), Duration.ofSeconds(60), Mirror.none(), Optional.empty());
        }

        public Options withMirror(Mirror m) {
            return new Options(parallelism, attempts, backoff, requestTimeout, m, cache);
        }

        /** {@code n} tries per file, e.g. 1 to find out fast that the network is not there. */
        public Options withAttempts(int n) {
            return new Options(parallelism, n, backoff, requestTimeout, mirror, cache);
        }

        public Options withParallelism(int p) {
            return new Options(p, attempts, backoff, requestTimeout, mirror, cache);
        }

        /** A directory of verified files by digest ({@code sha256/<hex>}), shared by every bundle. */
        public Options withCache(Path dir) {
            return new Options(parallelism, attempts, backoff, requestTimeout, mirror, Optional.of(dir));
        }
    }

    private final HttpClient http;
    private final Options options;
    private final Consumer<DownloadEvent> events;

    public Downloader(Options options, Consumer<DownloadEvent> events) {
        this.options = options;
        this.events = events;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Downloads every file under {@code packagesDir} (build/packages) and reports all outcomes. */
    public DownloadReport download(List<FileArtifact> files, Path packagesDir) {
        // One SHA256SUMS serves every file it lists; fetch it once per run.
        Map<String, String> sumsCache = new ConcurrentHashMap<>();
        List<Future<Object>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallelism()))) {
            for (FileArtifact f : files) {
                futures.add(pool.submit(() -> {
                    try {
                        return fetchOne(f, packagesDir, sumsCache);
                    } catch (DownloadFailedException e) {
                        events.accept(new DownloadEvent.Failed(f, e.getMessage()));
                        return new Failure(f, e.getMessage());
                    }
                }));
            }
            List<Fetched> ok = new ArrayList<>();
            List<Failure> failed = new ArrayList<>();
            for (Future<Object> fut : futures) {
                switch (get(fut)) {
                    case Fetched x -> ok.add(x);
                    case Failure x -> failed.add(x);
                    default -> throw new IllegalStateException("unexpected result");
                }
            }
            return new DownloadReport(ok, failed);
        }
    }

    private static Object get(Future<Object> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("download interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Fetched fetchOne(FileArtifact f, Path packagesDir, Map<String, String> sumsCache) {
        long started = System.nanoTime();
        Path target = packagesDir.resolve(f.relativePath());
        Path recorded = sidecarOf(target);
        String source = options.mirror().map(f.url());
        try {
            Files.createDirectories(target.getParent());
            if (Files.isRegularFile(target)) {
                Optional<String> known = f.verification() instanceof Verification.Pinned p
                        ? Optional.of(p.sha256()) : readRecorded(recorded);
                if (known.isPresent()) {
                    String actual = Digests.sha256(target);
                    if (actual.equals(known.get())) {
                        writeRecorded(recorded, actual, target);
                        long size = Files.size(target);
                        events.accept(new DownloadEvent.Done(f, size, actual, true, since(started)));
                        return new Fetched(f, source, size, actual, true);
                    }
                }
                Files.delete(target); // present but unverifiable or wrong: fetch again
            }
            Optional<String> expected = expectedDigest(f, sumsCache);
            Path part = target.resolveSibling(target.getFileName() + ".part");
            if (expected.isPresent() && fromCache(expected.get(), part)) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                writeRecorded(recorded, expected.get(), target);
                long size = Files.size(target);
                events.accept(new DownloadEvent.Done(f, size, expected.get(), true, since(started)));
                return new Fetched(f, source, size, expected.get(), true);
            }
            Transfer t = transfer(f, source, part);
            if (expected.isPresent() && !expected.get().equals(t.sha256()) && t.resumed()) {
                // A stale or damaged partial file spoils the digest: one clean transfer decides.
                Files.deleteIfExists(part);
                t = transfer(f, source, part);
            }
            String actual = t.sha256();
            if (expected.isPresent() && !expected.get().equals(actual)) {
                Files.deleteIfExists(part);
                throw new DownloadFailedException("sha256 mismatch for " + f.label() + " fetched from " + source
                        + ": expected " + expected.get() + ", got " + actual
                        + "; the file was deleted. If upstream re-published it, pin the new digest in the versions file");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writeRecorded(recorded, actual, target);
            toCache(actual, target);
            long size = Files.size(target);
            events.accept(new DownloadEvent.Done(f, size, actual, false, since(started)));
            return new Fetched(f, source, size, actual, false);
        } catch (IOException e) {
            throw new DownloadFailedException("cannot write " + target + " for " + f.label() + ": " + e.getMessage());
        }
    }

    /** Copies the cached file with that digest to {@code part}; false when there is none or it went bad. */
    private boolean fromCache(String sha256, Path part) throws IOException {
        if (options.cache().isEmpty()) {
            return false;
        }
        Path cached = options.cache().get().resolve("sha256").resolve(sha256);
        if (!Files.isRegularFile(cached)) {
            return false;
        }
        Files.copy(cached, part, StandardCopyOption.REPLACE_EXISTING);
        if (Digests.sha256(part).equals(sha256)) {
            return true;
        }
        Files.delete(part);
        Files.delete(cached); // a damaged cache entry is dropped and the file fetched again
        return false;
    }

    /** Keeps a verified file in the cache: a hard link when on the same file system, else a copy. */
    private void toCache(String sha256, Path file) throws IOException {
        if (options.cache().isEmpty()) {
            return;
        }
        Path dir = Files.createDirectories(options.cache().get().resolve("sha256"));
        Path cached = dir.resolve(sha256);
        if (Files.exists(cached)) {
            return;
        }
        Path tmp = Files.createTempFile(dir, sha256, ".tmp");
        try {
            Files.delete(tmp);
            try {
                Files.createLink(tmp, file);
            } catch (IOException | UnsupportedOperationException crossDevice) {
                Files.copy(file, tmp);
            }
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Optional<String> expectedDigest(FileArtifact f, Map<String, String> sumsCache) {
        return switch (f.verification()) {
            case Verification.Pinned p -> Optional.of(p.sha256());
            case Verification.Sidecar s -> {
                String body = fetchText(f, s.url(), sumsCache);
                String first = body.strip().split("\\s+", 2)[0].toLowerCase();
                if (!SHA256.matcher(first).matches()) {
                    throw new DownloadFailedException("checksum file " + options.mirror().map(s.url()) + " for " + f.label()
                            + " does not start with a sha256 digest");
                }
                yield Optional.of(first);
            }
            case Verification.Sums s -> Optional.of(digestFromSums(f, s.url(), fetchText(f, s.url(), sumsCache)));
            case Verification.HelmIndex h -> Optional.of(digestFromHelmIndex(f, h, fetchText(f, h.indexUrl(), sumsCache)));
            case Verification.TrustOnFirstUse t -> Optional.empty();
            case Verification.Unknown u -> throw new DownloadFailedException("no sha256 known for " + f.label()
                    + " and upstream publishes none: add it to the versions file under checksums: {"
                    + f.component() + ": {" + f.archLabel() + ": {" + f.version() + ": <sha256>}}}");
        };
    }

    private String digestFromHelmIndex(FileArtifact f, Verification.HelmIndex h, String body) {
        String index = options.mirror().map(h.indexUrl());
        JsonNode root;
        try {
            root = YAML.readTree(body);
        } catch (IOException e) {
            throw new DownloadFailedException("chart index " + index + " is not YAML: " + e.getMessage());
        }
        for (JsonNode v : root == null ? YAML.createArrayNode() : root.path("entries").path(h.chart())) {
            if (v.path("version").asText().equals(h.version())) {
                String digest = v.path("digest").asText("").toLowerCase();
                boolean sameFile = false;
                for (JsonNode u : v.path("urls")) {
                    sameFile |= u.asText().endsWith("/" + f.fileName()) || u.asText().equals(f.fileName());
                }
                if (!sameFile || !SHA256.matcher(digest).matches()) {
                    throw new DownloadFailedException("chart index " + index + " lists " + h.chart() + " " + h.version()
                            + " at " + v.path("urls") + " with digest '" + digest + "'; kubexm expects " + f.fileName()
                            + " with a sha256 digest: pin the chart in the versions file instead");
                }
                return digest;
            }
        }
        throw new DownloadFailedException("chart " + h.chart() + " " + h.version() + " is not in " + index
                + ": check the addon's repo, chart and version");
    }

    private String digestFromSums(FileArtifact f, String url, String body) {
        for (String line : body.split("\n")) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2) {
                String name = parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
                if ((name.equals(f.fileName()) || name.endsWith("/" + f.fileName()))
                        && SHA256.matcher(parts[0].toLowerCase()).matches()) {
                    return parts[0].toLowerCase();
                }
            }
        }
        throw new DownloadFailedException("checksum list " + options.mirror().map(url) + " does not name "
                + f.fileName() + " (" + f.label() + ")");
    }

    private String fetchText(FileArtifact f, String upstreamUrl, Map<String, String> cache) {
        String url = options.mirror().map(upstreamUrl);
        String cached = cache.get(url);
        if (cached != null) {
            return cached;
        }
        String body = withRetries(f, url, () -> {
            HttpResponse<String> r = http.send(request(url).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            checkStatus(f, url, r.statusCode(), "checksum file");
            return r.body();
        });
        cache.put(url, body);
        return body;
    }

    private record Transfer(String sha256, boolean resumed) {}

    /** Downloads into {@code part}, resuming from what it holds; returns the sha256 of the whole file. */
    private Transfer transfer(FileArtifact f, String url, Path part) {
        return withRetries(f, url, () -> {
            long offset = Files.exists(part) ? Files.size(part) : 0;
            boolean resumed;
            HttpRequest.Builder req = request(url);
            if (offset > 0) {
                req.header("Range", "bytes=" + offset + "-");
            }
            HttpResponse<InputStream> r = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() == 416) {
                    // The partial file is no prefix of this one (or already complete): start over.
                    Files.deleteIfExists(part);
                    throw new RetryableException("server refused to resume at byte " + offset + "; restarting");
                }
                checkStatus(f, url, r.statusCode(), "file");
                resumed = r.statusCode() == 206;
                if (resumed && !r.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + offset + "-")) {
                    Files.deleteIfExists(part);
                    throw new RetryableException("server answered the range request with another range; restarting");
                }
                long start = resumed ? offset : 0;
                long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                long total = length < 0 ? -1 : start + length;
                events.accept(new DownloadEvent.Started(f, start, total));
                // Hash as the bytes arrive; only a resumed transfer reads its prefix back from disk.
                MessageDigest md = resumed ? prefixDigest(part) : Digests.newSha256();
                copy(f, body, part, resumed, start, total, length, md);
                return new Transfer(HexFormat.of().formatHex(md.digest()), resumed);
            }
        });
    }

    private static MessageDigest prefixDigest(Path part) throws IOException {
        MessageDigest md = Digests.newSha256();
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md;
    }

    private void copy(FileArtifact f, InputStream body, Path part, boolean append, long start, long total, long length,
                      MessageDigest md) throws IOException {
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long written = 0;
        long reported = 0;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = body.read(buf)) >= 0) {
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                written += n;
                if (written - reported >= PROGRESS_STEP) {
                    reported = written;
                    events.accept(new DownloadEvent.Progress(f, start + written, total));
                }
            }
        }
        if (length >= 0 && written != length) {
            throw new RetryableException("transfer broke off after " + (start + written) + " of " + total + " bytes");
        }
        events.accept(new DownloadEvent.Progress(f, start + written, total));
    }

    private void checkStatus(FileArtifact f, String url, int status, String what) {
        if (status == 404 || status == 410) {
            throw new DownloadFailedException(what + " not found (HTTP " + status + ") for " + f.component() + " "
                    + f.version() + " " + f.archLabel() + " at " + url
                    + ": check the version, or that the mirror holds this path");
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new RetryableException("HTTP " + status + " from " + url);
        }
        if (status != 200 && status != 206) {
            throw new DownloadFailedException("HTTP " + status + " for " + f.label() + " at " + url);
        }
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(options.requestTimeout()).GET()
                .header("User-Agent", "kubexm");
        options.mirror().authorization(url).ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    private <T> T withRetries(FileArtifact f, String url, Attempt<T> attempt) {
        Duration backoff = options.backoff();
        for (int i = 1; ; i++) {
            String reason;
            try {
                return attempt.run();
            } catch (RetryableException e) {
                reason = e.getMessage();
            } catch (IOException e) {
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailedException("interrupted while fetching " + f.label());
            }
            if (i >= options.attempts()) {
                throw new DownloadFailedException("gave up on " + f.label() + " from " + url + " after "
                        + i + " attempts: " + reason);
            }
            events.accept(new DownloadEvent.Retrying(f, i, backoff, reason));
            sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailedException("interrupted during retry backoff");
        }
    }

    private static Duration since(long nanoStart) {
        return Duration.ofNanos(System.nanoTime() - nanoStart);
    }

    /** The {@code <file>.sha256} kubexm writes beside a verified file, in sha256sum's format. */
    public static Path sidecarOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    private static Optional<String> readRecorded(Path sidecar) throws IOException {
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        String first = Files.readString(sidecar).strip().split("\\s+", 2)[0];
        return SHA256.matcher(first).matches() ? Optional.of(first) : Optional.empty();
    }

    private static void writeRecorded(Path sidecar, String sha256, Path file) throws IOException {
        String line = sha256 + "  " + file.getFileName() + "\n";
        if (!Files.isRegularFile(sidecar) || !Files.readString(sidecar).equals(line)) {
            Files.writeString(sidecar, line);
        }
    }

    private static final class RetryableException extends RuntimeException {
        RetryableException(String message) {
            super(message);
        }
    }

    private static final class DownloadFailedException extends RuntimeException {
        DownloadFailedException(String message) {
            super(message);
        }
    }
}
