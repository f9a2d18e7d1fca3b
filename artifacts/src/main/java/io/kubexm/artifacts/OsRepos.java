package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import io.kubexm.api.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds an OS package repository per OS and arch under {@code build/packages/repos/}: the
 * full dependency closure of a package set against an empty system (plus, for apt, the
 * OS's required priority set, so resolution never needs an outside repository), with
 * metadata. apt runs in a private root (its own sources, lists, status and cache) and
 * dpkg-scanpackages + apt-ftparchive index the result; dnf downloads into an empty
 * install root and createrepo_c indexes it. All are Debian packages on the control node.
 *
 * <p>Trust: apt checks the suite's Release signature against the OS's keyring (signed-by) and
 * every .deb against the hashes it lists. {@code dnf download} checks no signature, so every
 * .rpm is checked with rpmkeys against the signing keys of the OS's repositories (the catalog's
 * {@code gpgkey}) before the repository is indexed; an unsigned, foreign-signed or altered
 * package is deleted and refused. The keys are kept in the repository's {@code gpgkeys/}.
 */
public final class OsRepos {

    /**
     * @param added package files fetched by this run (0 on a second run)
     * @param files every package file of the repository, with the upstream URL it came from
     */
    public record Built(PackageSet set, Path dir, int packages, int added, String source, List<PackageFile> files) {}

    /** One .deb or .rpm of a repository; {@code source} is its upstream URL, or the repository's when not known. */
    public record PackageFile(String file, String name, long size, String sha256, String source) {}

    private OsRepos() {
    }

    /** The upstream mirror for an OS and arch, China mirror when zone is CN. */
    public static String mirror(Catalog.OsSource os, Arch arch, Zone zone) {
        String m = zone == Zone.CN && os.cnMirror().isPresent() ? os.cnMirror().get()
                : arch == Arch.ARM64 && os.arm64Mirror().isPresent() ? os.arm64Mirror().get() : os.mirror();
        return m.replace("{uname}", arch.uname()).replace("{arch}", arch.yaml());
    }

    /**
     * @param mirror where packages come from (an upstream mirror, a mirror of it, or a local fixture), with any
     *               credentials in it: they are masked in every message and in {@link Built#source()}
     * @param keys   where the rpm signing keys' http(s) URLs are fetched from (the --mirror mapping; none: upstream)
     * @param work scratch space for the private apt root or dnf install root, kept between runs as a cache
     */
    public static Built build(PackageSet set, Catalog.OsSource os, String mirror, Mirror keys, Path packagesDir, Path work)
            throws IOException, InterruptedException {
        Path out = packagesDir.resolve(set.relativePath());
        Files.createDirectories(out);
        Set<String> before = packageFiles(out);
        switch (set.family()) {
            case "deb" -> apt(set, os, mirror, out, work.resolve("apt-" + set.os() + "-" + set.arch().yaml()));
            case "rpm" -> dnf(set, os, mirror, keys, out, work.resolve("dnf-" + set.os() + "-" + set.arch().yaml()));
            default -> throw new IllegalArgumentException("unknown package family " + set.family() + " for " + set.os());
        }
        Set<String> after = packageFiles(out);
        after.removeAll(before);
        String shown = withoutUserInfo(mirror);
        Path root = work.resolve((set.family().equals("deb") ? "apt-" : "dnf-") + set.os() + "-" + set.arch().yaml());
        Map<String, String> upstream = set.family().equals("deb") ? aptSources(root, shown)
                : dnfOrigins(root, repositories(os, shown, set.arch())).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().url()));
        List<PackageFile> files = RepoIndex.read(out, set.family()).orElseThrow(() -> new IOException(
                "the " + set.relativePath() + " repository has no index after building it")).entries().stream()
                .map(e -> new PackageFile(e.file(), e.name(), e.size(), e.sha256(), upstream.getOrDefault(e.sha256(), shown)))
                .toList();
        return new Built(set, out, packageFiles(out).size(), after.size(), shown, files);
    }

    private static String withoutUserInfo(String url) {
        return url.replaceFirst("://[^/@]+@", "://");
    }

    /** sha256 to upstream URL, from the Packages lists apt fetched into its private root. */
    private static Map<String, String> aptSources(Path root, String mirror) throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        Path lists = root.resolve("var/lib/apt/lists");
        if (!Files.isDirectory(lists)) {
            return out;
        }
        try (Stream<Path> s = Files.list(lists)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith("_Packages")).toList()) {
                for (RepoIndex.Entry e : RepoIndex.packagesFile(Files.readString(p))) {
                    out.put(e.sha256(), mirror.replaceAll("/+$", "") + "/" + e.file());
                }
            }
        }
        return out;
    }

    /** Where an .rpm came from: the dnf repository id and the file's URL in it. */
    private record Origin(String repoId, String url) {}

    /** sha256 to origin, from the primary metadata dnf cached for each repository ({@code <id>-<hash>/repodata}). */
    private static Map<String, Origin> dnfOrigins(Path root, Map<String, String> repoUrls) throws IOException {
        Map<String, Origin> out = new java.util.HashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        List<Path> primaries;
        try (Stream<Path> s = Files.walk(root)) {
            primaries = s.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("repodata")
                    && p.getFileName().toString().matches(".*primary\\.xml(\\.gz)?")).toList();
        }
        for (Path p : primaries) {
            String dir = p.getParent().getParent().getFileName().toString();
            String id = dir.contains("-") ? dir.substring(0, dir.lastIndexOf('-')) : dir;
            String url = repoUrls.get(id);
            if (url != null) {
                for (RepoIndex.Entry e : RepoIndex.primary(Files.readAllBytes(p), p.getFileName().toString())) {
                    out.put(e.sha256(), new Origin(id, url.replaceAll("/+$", "") + "/" + e.file()));
                }
            }
        }
        return out;
    }

    private static void apt(PackageSet set, Catalog.OsSource os, String mirror, Path out, Path root)
            throws IOException, InterruptedException {
        String suite = os.suite().orElseThrow(() -> new IllegalArgumentException(set.os() + " has no suite in the catalog"));
        for (String d : List.of("etc/apt/sources.list.d", "etc/apt/preferences.d", "var/lib/apt/lists/partial",
                "var/cache/apt/archives/partial", "var/lib/dpkg")) {
            Files.createDirectories(root.resolve(d));
        }
        // An empty status file: apt resolves as on a system with nothing installed.
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        if (os.keyring().isPresent() && !Files.isRegularFile(Path.of(os.keyring().get()))) {
            throw new IllegalArgumentException("the archive key of " + set.os() + " (" + os.keyring().get()
                    + ") is missing on this machine: install it (debian-archive-keyring or ubuntu-keyring)");
        }
        String options = "arch=" + set.arch().yaml() + os.keyring().map(k -> " signed-by=" + k).orElse("");
        Files.writeString(root.resolve("etc/apt/sources.list"), "deb [" + options + "] " + mirror + " " + suite + " "
                + String.join(" ", os.components()) + "\n");
        Files.writeString(root.resolve("apt.conf"), """
                Dir "%1$s/";
                Dir::State "%1$s/var/lib/apt";
                Dir::State::status "%1$s/var/lib/dpkg/status";
                Dir::Etc "%1$s/etc/apt";
                Dir::Cache "%1$s/var/cache/apt";
                Dir::Cache::archives "%2$s";
                APT::Architecture "%3$s";
                APT::Architectures "%3$s";
                APT::Install-Recommends "false";
                Acquire::Languages "none";
                Debug::NoLocking "true";
                """.formatted(root, out, set.arch().yaml()));
        Map<String, String> env = Map.of("APT_CONFIG", root.resolve("apt.conf").toString(), "DEBIAN_FRONTEND", "noninteractive");
        run(env, out, set, List.of("apt-get", "-q", "update"));
        List<String> install = new ArrayList<>(List.of("apt-get", "-q", "-y", "--download-only", "install"));
        install.addAll(set.packages());
        install.add("?priority(required)");
        run(env, out, set, install);
        deleteTree(out.resolve("partial"));
        Files.deleteIfExists(out.resolve("lock"));
        String packages = run(Map.of(), out, set, List.of("dpkg-scanpackages", "--multiversion", ".", "/dev/null"));
        Files.writeString(out.resolve("Packages"), packages);
        try (InputStream in = Files.newInputStream(out.resolve("Packages"));
             OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve("Packages.gz")))) {
            in.transferTo(gz);
        }
        Files.deleteIfExists(out.resolve("Release"));
        String release = run(Map.of(), out, set, List.of("apt-ftparchive", "-o", "APT::FTPArchive::Release::Origin=kubexm",
                "-o", "APT::FTPArchive::Release::Suite=" + suite, "release", "."));
        Files.writeString(out.resolve("Release"), release);
    }

    private static void dnf(PackageSet set, Catalog.OsSource os, String mirror, Mirror keys, Path out, Path root)
            throws IOException, InterruptedException {
        if (os.subscription() && sameHost(mirror, mirror(os, set.arch(), Zone.DEFAULT))) {
            throw new IllegalArgumentException(set.os() + " packages come from " + URI.create(mirror).getHost()
                    + ", which needs a Red Hat subscription kubexm does not have: supply a mirror of it,"
                    + " with --mirror BASE (serving BASE/" + URI.create(mirror).getHost() + "/...) or with"
                    + " os." + set.os() + ".mirror in a --versions file (a Satellite or a local copy)");
        }
        Files.createDirectories(root.resolve("repos.d"));
        List<String> cmd = new ArrayList<>(List.of("dnf", "-q", "-y", "download", "--resolve", "--alldeps",
                "--installroot", root.resolve("root").toString(),
                "--releasever", os.releasever().orElse("9"),
                "--forcearch", set.arch().uname(),
                "--setopt=reposdir=" + root.resolve("repos.d"),
                "--setopt=cachedir=" + root.resolve("cache"),
                "--setopt=install_weak_deps=False"));
        // Every repository of the OS at once: dnf resolves across them (EL8/9 need BaseOS and AppStream).
        for (Map.Entry<String, String> r : repositories(os, mirror, set.arch()).entrySet()) {
            cmd.add("--repofrompath=" + r.getKey() + "," + r.getValue());
            cmd.add("--repo=" + r.getKey());
        }
        cmd.addAll(List.of("--destdir", out.toString()));
        cmd.addAll(set.packages());
        run(Map.of(), out, set, cmd);
        Map<String, String> repoOf = dnfOrigins(root, repositories(os, mirror, set.arch())).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().repoId().replaceFirst("^kubexm-", "")));
        RpmSignatures.verify(set, os, out, root.resolve("keys"), repoOf, keys);
        run(Map.of(), out, set, List.of("createrepo_c", "-q", "--update", out.toString()));
    }

    /** Repository id to URL for each of the OS's rpm repositories below {@code mirror}; the mirror itself when it lists none. */
    static Map<String, String> repositories(Catalog.OsSource os, String mirror, Arch arch) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (os.repos().isEmpty()) {
            out.put("kubexm-source", mirror);
        }
        String base = mirror.replaceAll("/+$", "");
        for (Catalog.RpmRepo r : os.repos()) {
            out.put("kubexm-" + r.name(), base + "/" + r.path().replace("{uname}", arch.uname()).replace("{arch}", arch.yaml()));
        }
        return out;
    }

    private static boolean sameHost(String a, String b) {
        return java.util.Objects.equals(URI.create(a).getHost(), URI.create(b).getHost());
    }

    private static Set<String> packageFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".deb") || n.endsWith(".rpm"))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    private static String run(Map<String, String> env, Path dir, PackageSet set, List<String> cmd)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.getFirst() + " to build the " + set.os() + " " + set.arch().yaml()
                    + " repository: install Debian's apt-utils, dpkg-dev, dnf, dnf-plugins-core and createrepo-c"
                    + " (scripts/install-test-deps.sh lists them)", e);
        }
        // Read stderr on the side so neither pipe fills while the other is drained.
        StringBuilder err = new StringBuilder();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended; what was read is reported
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        t.join();
        if (code != 0) {
            // The mirror URL may carry credentials (--mirror http://user:pass@host/...): never show them.
            throw new IOException(Mirror.redact(cmd.getFirst() + " failed building the " + set.os() + " " + set.arch().yaml()
                    + " repository (exit " + code + "): " + (err.toString().strip() + "\n" + tail(out)).strip()
                    + "\n  command: " + String.join(" ", cmd)));
        }
        return out;
    }

    private static String tail(String s) {
        String[] lines = s.strip().split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
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
