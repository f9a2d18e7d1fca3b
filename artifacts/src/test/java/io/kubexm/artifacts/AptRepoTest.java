package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.api.Arch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian 12 repository built for a small package set from Debian's archive, as a partial
 * mirror of it fetched at install time and served on loopback ({@link DebianMirror}), then judged
 * by apt itself: a second private apt root whose only source is that repository resolves and
 * downloads the whole set with nothing installed. apt checks the mirror's InRelease against
 * Debian's real archive key: an altered one, or one signed by another key, is refused.
 */
class AptRepoTest {
    static final List<String> SET = List.of("socat", "conntrack", "ipset", "ebtables", "chrony");

    @TempDir
    Path dir;

    @Test
    void closureAndMetadataLetAptInstallFromTheRepositoryAlone() throws Exception {
        Catalog.OsSource debian = Catalog.builtIn().osSource("debian12");
        PackageSet set = new PackageSet("debian12", "deb", Arch.AMD64, SET);
        Path packages = dir.resolve("packages");
        try (DebianMirror debianMirror = DebianMirror.serveCache(SET, dir.resolve("nginx"))) {
            String mirror = debianMirror.url();
            OsRepos.Built built = debianMirror.build(set, debian, packages, dir.resolve("work"));

            Path repo = packages.resolve("repos/debian12/amd64");
            assertThat(built.dir()).isEqualTo(repo);
            assertThat(built.added()).isEqualTo(built.packages()).isGreaterThan(SET.size());
            String index = Files.readString(repo.resolve("Packages"));
            for (String p : List.of("socat", "conntrack", "ipset", "ebtables", "chrony", "libc6", "dpkg")) {
                assertThat(index).contains("Package: " + p + "\n");
            }
            assertThat(repo.resolve("Packages.gz")).exists();
            assertThat(Files.readString(repo.resolve("Release"))).contains("Origin: kubexm", "Packages.gz");
            assertThat(built.files()).hasSize(built.packages()).allSatisfy(f -> assertThat(f.source())
                    .startsWith(mirror + "/pool/main/").contains("/" + f.name() + "_")); // apt writes an epoch as %3a locally
            // every package and the signed index it was checked against came from the loopback mirror
            List<String> served = debianMirror.requests().stream().filter(r -> r.status().equals("200"))
                    .map(DebianMirror.Request::path).toList();
            assertThat(served).contains("/debian/dists/bookworm/InRelease")
                    .anyMatch(p -> p.startsWith("/debian/dists/bookworm/main/binary-amd64/by-hash/SHA256/"))
                    .containsAll(built.files().stream().map(f -> URI.create(f.source()).getPath()).toList());
            // download --check reads dpkg-scanpackages' index and finds every .deb with its digest
            assertThat(BundleCheck.check(new Bom(List.of(), List.of(), List.of(set)), packages, Optional.empty(),
                    Optional.empty()).missing()).isEmpty();

            // apt, with that repository as its only source and nothing installed, finds everything.
            Path root = dir.resolve("judge");
            for (String d : List.of("etc/apt/sources.list.d", "etc/apt/preferences.d", "var/lib/apt/lists/partial",
                    "var/cache/apt/archives/partial", "var/lib/dpkg")) {
                Files.createDirectories(root.resolve(d));
            }
            Files.writeString(root.resolve("var/lib/dpkg/status"), "");
            Files.writeString(root.resolve("etc/apt/sources.list"), "deb [trusted=yes] file:" + repo + " ./\n");
            Files.writeString(root.resolve("apt.conf"), """
                    Dir "%1$s/";
                    Dir::State::status "%1$s/var/lib/dpkg/status";
                    APT::Architecture "amd64";
                    Debug::NoLocking "true";
                    """.formatted(root));
            List<String> install = new ArrayList<>(List.of("apt-get", "-q", "-y", "--download-only", "install"));
            install.addAll(SET);
            String update = apt(root, List.of("apt-get", "-q", "update"));
            assertThat(update).doesNotContain("deb.debian.org");
            String out = apt(root, install);
            assertThat(out).contains("Download complete and in download only mode");

            OsRepos.Built again = debianMirror.build(set, debian, packages, dir.resolve("work"));
            assertThat(again.added()).isZero();
            assertThat(again.packages()).isEqualTo(built.packages());
        }
    }

    @Test
    void anInReleaseDebianDidNotSignIsRefused() throws Exception {
        Catalog.OsSource debian = Catalog.builtIn().osSource("debian12");
        PackageSet set = new PackageSet("debian12", "deb", Arch.AMD64, List.of("socat"));
        DebianMirror.requireCache(set.packages());

        Path altered = DebianMirror.copyOfCache(dir.resolve("altered"), Set.of());
        Path inRelease = altered.resolve("debian/dists/bookworm/InRelease");
        Files.writeString(inRelease, Files.readString(inRelease).replace("Label: Debian", "Label: Debiam"));
        try (DebianMirror m = DebianMirror.serve(altered, dir.resolve("nginx-altered"))) {
            assertThatThrownBy(() -> m.build(set, debian, dir.resolve("altered-packages"), dir.resolve("altered-work")))
                    .hasMessageContaining("BADSIG").hasMessageContaining("is not signed");
        }

        // the same text, signed by a key of our own
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path foreign = DebianMirror.copyOfCache(dir.resolve("foreign"), Set.of());
        Path resigned = foreign.resolve("debian/dists/bookworm/InRelease");
        try {
            run(List.of("gpg", "--homedir", home.toString(), "--batch", "--quiet", "--passphrase", "", "--quick-gen-key",
                    "kubexm test <foreign@kubexm.invalid>", "rsa2048", "sign", "never"));
            run(List.of("gpgv", "--keyring", debian.keyring().orElseThrow(), "--output", dir.resolve("Release").toString(),
                    resigned.toString()));
            Files.delete(resigned);
            run(List.of("gpg", "--homedir", home.toString(), "--batch", "--clearsign", "--output", resigned.toString(),
                    dir.resolve("Release").toString()));
        } finally {
            run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
        }
        try (DebianMirror m = DebianMirror.serve(foreign, dir.resolve("nginx-foreign"))) {
            assertThatThrownBy(() -> m.build(set, debian, dir.resolve("foreign-packages"), dir.resolve("foreign-work")))
                    .hasMessageContaining("NO_PUBKEY").hasMessageContaining("is not signed");
        }
    }

    @Test
    void aPackageTheCacheLacksFailsNamingTheScriptAndIsNotFetchedElsewhere() throws Exception {
        Catalog.OsSource debian = Catalog.builtIn().osSource("debian12");
        PackageSet set = new PackageSet("debian12", "deb", Arch.AMD64, List.of("socat"));
        DebianMirror.requireCache(set.packages());
        Path partial = DebianMirror.copyOfCache(dir.resolve("partial"), Set.of("socat"));
        try (DebianMirror m = DebianMirror.serve(partial, dir.resolve("nginx"))) {
            assertThatThrownBy(() -> m.build(set, debian, dir.resolve("packages"), dir.resolve("work")))
                    .hasMessageContaining("lacks what building the debian12 repository of [socat] needs")
                    .hasMessageMatching("(?s).*\\[/debian/pool/main/s/socat/socat_[^]]+_amd64\\.deb].*")
                    .hasMessageContaining("run scripts/debian-mirror.sh");
        }
        assertThat(dir.resolve("packages/repos/debian12/amd64")).isDirectoryNotContaining("glob:**/socat_*");
    }

    @Test
    void aPackageTheCacheWasNotFetchedForFailsNamingTheScript() {
        assertThatThrownBy(() -> DebianMirror.requireCache(List.of("socat", "kx-not-in-the-cache")))
                .hasMessageContaining("not for [kx-not-in-the-cache]")
                .hasMessageContaining("run scripts/debian-mirror.sh");
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    private static String apt(Path root, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("APT_CONFIG", root.resolve("apt.conf").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
