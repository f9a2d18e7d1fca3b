package io.kubexm.artifacts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks the .rpm files of a repository being built against the signing keys of the OS's
 * repositories, with Debian's rpmkeys and a private key database: {@code dnf download} checks no
 * signature, and only a signature proves a package is the distribution's (a mirror can rewrite
 * the metadata to match anything). A package that is unsigned, signed by a key the OS does not
 * list, or altered after signing is deleted, and the build fails naming package, repository and key.
 */
final class RpmSignatures {
    /** rpm 4.18: "Header V4 RSA/SHA512 Signature, key ID 072a9c64: OK"; 4.19+ names a fingerprint. */
    private static final Pattern SIGNATURE = Pattern.compile("(?i)signature, key (?:id|fingerprint):? ?([0-9a-f]+): (\\S+)");
    private static final int BATCH = 200;

    /** The signing key of one repository: where it is published. */
    private record Key(String repo, String url) {}

    private RpmSignatures() {
    }

    /**
     * @param repoOf sha256 of each package the OS's repositories list to the repository's name
     * @param work   scratch for the keys and the key database (rebuilt every run, so a changed key counts)
     */
    static void verify(PackageSet set, Catalog.OsSource os, Path repoDir, Path work, Map<String, String> repoOf, Mirror mirror)
            throws IOException, InterruptedException {
        if (os.repos().isEmpty()) {
            throw new IllegalArgumentException("os " + set.os() + " lists no repositories with a gpgkey in the catalog, so its"
                    + " packages cannot be verified: add os." + set.os() + ".repos (name, path, gpgkey) to a --versions file");
        }
        deleteTree(work);
        Path db = Files.createDirectories(work.resolve("rpmdb"));
        Path bundled = Files.createDirectories(repoDir.resolve("gpgkeys"));
        Map<String, Key> keys = new LinkedHashMap<>();
        for (Catalog.RpmRepo r : os.repos()) {
            String url = r.gpgkey().orElseThrow(() -> new IllegalArgumentException("os " + set.os() + " repository " + r.name()
                    + " has no gpgkey in the catalog, so its packages cannot be verified: set os." + set.os()
                    + ".repos[].gpgkey in a --versions file"));
            Path file = bundled.resolve(url.substring(url.lastIndexOf('/') + 1));
            if (keys.values().stream().noneMatch(k -> k.url().equals(url))) {
                Files.write(file, fetch(set, r.name(), url, mirror));
                Exec imported = exec(List.of("rpmkeys", "--dbpath", db.toString(), "--import", file.toString()), repoDir);
                if (imported.code() != 0) {
                    throw new IOException("rpmkeys cannot import the signing key of " + set.os() + " repository " + r.name()
                            + " (" + url + ", is it an OpenPGP public key?): " + imported.output().strip());
                }
            }
            keys.put(r.name(), new Key(r.name(), url));
        }
        // rpm 4.18 keeps imported keys as gpg-pubkey-<id> headers; a keystore without them yields no IDs to show
        String keyIds = java.util.Arrays.stream(exec(List.of("rpm", "--dbpath", db.toString(), "-q", "gpg-pubkey", "--qf",
                "%{VERSION} "), repoDir).output().strip().split("\\s+")).filter(t -> t.matches("[0-9a-f]{8,}"))
                .collect(Collectors.joining(","));

        List<Path> packages;
        try (Stream<Path> s = Files.list(repoDir)) {
            packages = s.filter(p -> p.getFileName().toString().endsWith(".rpm")).sorted().toList();
        }
        Map<String, String> refused = new TreeMap<>();
        for (int i = 0; i < packages.size(); i += BATCH) {
            List<String> cmd = new ArrayList<>(List.of("rpmkeys", "--dbpath", db.toString(), "--checksig", "-v"));
            List<String> batch = packages.subList(i, Math.min(packages.size(), i + BATCH)).stream()
                    .map(p -> p.getFileName().toString()).toList();
            cmd.addAll(batch);
            Map<String, Optional<String>> verdicts = verdicts(exec(cmd, repoDir).output());
            for (String file : batch) {
                verdicts.getOrDefault(file, Optional.of("rpmkeys gave no verdict on it")).ifPresent(p -> refused.put(file, p));
            }
        }
        if (refused.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder("refused " + refused.size() + " package(s) of the " + set.os() + " "
                + set.arch().yaml() + " repository whose signature does not check out (deleted; the rest stay):");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Path file = repoDir.resolve(e.getKey());
            Optional<Key> key = Optional.ofNullable(repoOf.get(Digests.sha256(file))).map(keys::get);
            msg.append("\n  ").append(e.getKey()).append(": ").append(e.getValue()).append("; from ")
                    .append(key.map(k -> "repository " + k.repo() + ", whose key is " + k.url())
                            .orElse("no repository's current metadata; the OS's keys are " + keys.values().stream()
                                    .map(Key::url).distinct().collect(Collectors.joining(", "))))
                    .append(keyIds.isEmpty() ? "" : " (imported as key ID " + keyIds + ")");
            Files.delete(file);
        }
        msg.append("\nA mirror serving these files is not serving the distribution's packages: fix or change the mirror"
                + " (or, for a key that really changed, set the repository's gpgkey in a --versions file) and run again.");
        throw new IOException(Mirror.redact(msg.toString()));
    }

    /** File name to what is wrong with it (empty: signed by a key of the database, digests intact), from {@code rpmkeys -Kv}. */
    static Map<String, Optional<String>> verdicts(String output) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                current = blocks.computeIfAbsent(line.substring(0, line.length() - 1), f -> new ArrayList<>());
            } else if (current != null && !line.isBlank()) {
                current.add(line.strip());
            }
        }
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        blocks.forEach((file, lines) -> out.put(file, problem(lines)));
        return out;
    }

    private static Optional<String> problem(List<String> lines) {
        if (lines.stream().noneMatch(l -> l.contains("digest: "))) {
            return Optional.of("not an rpm package rpmkeys can read");
        }
        List<String> bad = lines.stream().filter(l -> l.endsWith(": BAD") || l.contains(": BAD ")).toList();
        if (!bad.isEmpty()) {
            return Optional.of("altered after it was signed (" + bad.getFirst().replaceFirst(" \\(Expected.*", "") + ")");
        }
        boolean ok = false;
        for (String l : lines) {
            Matcher m = SIGNATURE.matcher(l);
            if (m.find()) {
                if (!m.group(2).equals("OK")) {
                    return Optional.of(m.group(2).equals("NOKEY") ? "signed with key ID " + m.group(1) + ", which is not its key"
                            : "signature with key ID " + m.group(1) + " is " + m.group(2));
                }
                ok = true;
            }
        }
        return ok ? Optional.empty() : Optional.of("not signed");
    }

    private static byte[] fetch(PackageSet set, String repo, String url, Mirror mirror) throws IOException, InterruptedException {
        String what = "the signing key of " + set.os() + " repository " + repo;
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            try {
                return Files.readAllBytes(Path.of(uri));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(what + " (" + url + ") is not on this machine: copy it there from a "
                        + set.os() + " host, or set the repository's gpgkey to where it is published in a --versions file");
            }
        }
        String source = mirror.map(url);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(60));
        mirror.authorization(source).ifPresent(a -> req.header("Authorization", a));
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build()) {
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("cannot fetch " + what + " from " + source + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("cannot fetch") ? e
                    : new IOException("cannot fetch " + what + " from " + source + ": " + e, e);
        }
    }

    private record Exec(int code, String output) {}

    /** Runs rpm or rpmkeys with LANG=C, stdout and stderr together (rpmkeys -K exits 1 on a bad package: the caller judges). */
    private static Exec exec(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.getFirst() + " to verify rpm signatures: install Debian's rpm package"
                    + " (scripts/install-test-deps.sh lists it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Exec(p.waitFor(), out);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
