package io.kubexm.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The partial Debian 12 amd64 mirror that scripts/debian-mirror.sh fetches once at install time
 * (InRelease as Debian signed it, main's Packages.xz, the pool .debs of a package set's closure),
 * served by nginx on loopback in the archive's layout ({@code /debian/dists/...},
 * {@code /debian/pool/...}). The apt repository tests build from it and nothing else: apt's only
 * source is this loopback URL, so a package the cache lacks is a 404 here, reported with the
 * script to run, never a fetch from deb.debian.org.
 */
final class DebianMirror implements AutoCloseable {
    static final Path CACHE = Path.of("/var/cache/kubexm/debian-mirror/bookworm-amd64");
    private static final String FIX = "run scripts/debian-mirror.sh (scripts/install-test-deps.sh runs it) to fetch it"
            + " once; the tests never reach deb.debian.org themselves";

    private final NginxMirror nginx;
    private final Path root;

    private DebianMirror(NginxMirror nginx, Path root) {
        this.nginx = nginx;
        this.root = root;
    }

    /** Serves {@code root} (a directory laid out as the cache is) on loopback. */
    static DebianMirror serve(Path root, Path work) throws IOException, InterruptedException {
        return new DebianMirror(NginxMirror.serve(root, work), root);
    }

    /** Serves the install-time cache, after checking it was fetched for (at least) {@code packages}. */
    static DebianMirror serveCache(List<String> packages, Path work) throws IOException, InterruptedException {
        requireCache(packages);
        return serve(CACHE, work);
    }

    /** Fails, naming the script to run, unless the install-time cache was fetched for {@code packages}. */
    static void requireCache(List<String> packages) throws IOException {
        Path release = CACHE.resolve("debian/dists/bookworm/InRelease");
        Path list = CACHE.resolve("packages.list");
        if (!Files.isRegularFile(release) || !Files.isRegularFile(list)) {
            throw new IllegalStateException("the partial Debian 12 mirror the apt repository tests build from is not in "
                    + CACHE + ": " + FIX);
        }
        Set<String> cached = Set.copyOf(Files.readAllLines(list));
        List<String> missing = packages.stream().filter(p -> !cached.contains(p)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the partial Debian 12 mirror in " + CACHE + " was fetched for " + cached
                    + ", not for " + missing + ": add them to scripts/debian-mirror.sh's package list, then " + FIX);
        }
    }

    /** The mirror URL as the catalog's {@code mirror} would give it: {@code http://127.0.0.1:PORT/debian}. */
    String url() {
        return nginx.base() + "/debian";
    }

    /** {@link OsRepos#build} from this mirror; a package the cache lacks fails naming it and the script. */
    OsRepos.Built build(PackageSet set, Catalog.OsSource os, Path packages, Path work)
            throws IOException, InterruptedException {
        try {
            return OsRepos.build(set, os, url(), Mirror.none(), packages, work);
        } catch (IOException e) {
            List<String> notServed = requests().stream().filter(r -> r.status().equals("404")).map(Request::path).toList();
            if (notServed.isEmpty()) {
                throw e;
            }
            throw new IllegalStateException("the partial Debian 12 mirror in " + root + " lacks what building the "
                    + set.os() + " repository of " + set.packages() + " needs: " + notServed + "; " + FIX, e);
        }
    }

    /** A request nginx answered: its path and HTTP status. */
    record Request(String path, String status) {}

    List<Request> requests() throws IOException {
        return nginx.accessLog().stream().map(l -> l.split(" ")).map(f -> new Request(f[1], f[2])).toList();
    }

    /**
     * A copy of the cache's tree to tamper with: InRelease copied, the rest linked to the cache, but
     * for the .debs of the packages in {@code leftOut}.
     */
    static Path copyOfCache(Path dest, Set<String> leftOut) throws IOException {
        Path dists = Files.createDirectories(dest.resolve("debian/dists/bookworm"));
        Files.copy(CACHE.resolve("debian/dists/bookworm/InRelease"), dists.resolve("InRelease"));
        Files.createSymbolicLink(dists.resolve("main"), CACHE.resolve("debian/dists/bookworm/main"));
        Path pool = CACHE.resolve("debian/pool");
        try (Stream<Path> debs = Files.walk(pool)) {
            for (Path deb : debs.filter(p -> p.toString().endsWith(".deb")).toList()) {
                if (!leftOut.contains(deb.getFileName().toString().split("_")[0])) {
                    Path link = dest.resolve("debian/pool").resolve(pool.relativize(deb));
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, deb);
                }
            }
        }
        return dest;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }
}
