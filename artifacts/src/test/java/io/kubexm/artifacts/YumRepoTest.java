package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The yum/dnf repository builder against a fixture laid out as Rocky 9's BaseOS and AppStream
 * on a loopback mirror that keeps upstream paths (nginx), with packages made with rpmbuild
 * (kx-app, only in AppStream, needs kx-lib, which needs kx-base, both in BaseOS; kx-other is
 * unrelated) and signed with rpmsign by a test key served where Rocky 9's key is published:
 * the result holds exactly the closure across both repositories, and dnf, checking signatures,
 * installs kx-app from it alone into an empty root. An unsigned package, one signed by another
 * key and one altered after signing are refused.
 */
class YumRepoTest {
    private static final String TREE = "dl.rockylinux.org/pub/rocky/9";
    private static final String KEY = "dl.rockylinux.org/pub/rocky/RPM-GPG-KEY-Rocky-9";

    @TempDir
    Path dir;

    private final List<Path> gpgHomes = new ArrayList<>();

    @AfterEach
    void stopGpgAgents() throws Exception {
        for (Path home : gpgHomes) {
            run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"));
        }
    }

    /** A fresh GnuPG home with one passphrase-less RSA signing key for {@code email}; returns the home. */
    private Path gpgKey(String email) throws Exception {
        Path home = Files.createDirectories(dir.resolve("gnupg-" + email.substring(0, email.indexOf('@'))));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        gpgHomes.add(home);
        run(List.of("gpg", "--homedir", home.toString(), "--batch", "--quiet", "--passphrase", "", "--quick-gen-key",
                "kubexm test <" + email + ">", "rsa2048", "sign", "never"));
        return home;
    }

    /** The key ID rpm prints for a GnuPG home's key: the last 8 hex digits of its fingerprint. */
    private static String keyId(Path home) throws Exception {
        String fpr = run(List.of("gpg", "--homedir", home.toString(), "--batch", "--with-colons", "--list-keys")).lines()
                .filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        return fpr.substring(fpr.length() - 8).toLowerCase(java.util.Locale.ROOT);
    }

    private static void sign(Path rpm, Path home) throws Exception {
        String email = home.getFileName().toString().substring("gnupg-".length()) + "@kubexm.invalid";
        run(List.of("rpmsign", "--define", "__gpg /usr/bin/gpg", "--define", "_gpg_path " + home,
                "--define", "_gpg_name " + email, "--addsign", rpm.toString()));
    }

    /** kx-base, kx-lib, kx-app and kx-other built with rpmbuild, by name. */
    private Map<String, Path> packages() throws Exception {
        Path top = dir.resolve("rpmbuild");
        rpm(top, "kx-base", "");
        rpm(top, "kx-lib", "kx-base");
        rpm(top, "kx-app", "kx-lib >= 1.0");
        rpm(top, "kx-other", "");
        Map<String, Path> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(top.resolve("RPMS"))) {
            s.filter(f -> f.toString().endsWith(".rpm")).forEach(p -> out.put(p.getFileName().toString().split("-1\\.0")[0], p));
        }
        return out;
    }

    /** The packages as Rocky 9's BaseOS (kx-app in AppStream) below {@code root}, with createrepo_c's metadata. */
    private static void layOut(Path root, Map<String, Path> packages) throws Exception {
        Path baseos = Files.createDirectories(root.resolve(TREE + "/BaseOS/x86_64/os"));
        Path appstream = Files.createDirectories(root.resolve(TREE + "/AppStream/x86_64/os"));
        for (Map.Entry<String, Path> p : packages.entrySet()) {
            Files.copy(p.getValue(), (p.getKey().equals("kx-app") ? appstream : baseos).resolve(p.getValue().getFileName()));
        }
        run(List.of("createrepo_c", "-q", baseos.toString()));
        run(List.of("createrepo_c", "-q", appstream.toString()));
    }

    /** Serves {@code home}'s public key where Rocky 9's is published. */
    private static void publishKey(Path root, Path home) throws Exception {
        Files.createDirectories(root.resolve(KEY).getParent());
        Files.writeString(root.resolve(KEY), run(List.of("gpg", "--homedir", home.toString(), "--batch", "--armor", "--export")));
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    private void rpm(Path top, String name, String requires) throws Exception {
        Path spec = Files.createDirectories(top.resolve("SPECS")).resolve(name + ".spec");
        Files.writeString(spec, """
                Name: %1$s
                Version: 1.0
                Release: 1
                Summary: kubexm test package %1$s
                License: MIT
                BuildArch: noarch
                %2$s
                %%description
                Test package %1$s.
                %%install
                mkdir -p %%{buildroot}/usr/share/kx
                echo %1$s > %%{buildroot}/usr/share/kx/%1$s
                %%files
                /usr/share/kx/%1$s
                """.formatted(name, requires.isEmpty() ? "" : "Requires: " + requires));
        run(List.of("rpmbuild", "--define", "_topdir " + top, "--nodeps", "-bb", spec.toString()));
    }

    @Test
    void theRepositoryHoldsTheClosureOfSignedPackagesAndDnfInstallsFromIt() throws Exception {
        Path distro = gpgKey("distro@kubexm.invalid");
        Map<String, Path> rpms = packages();
        for (Path p : rpms.values()) {
            sign(p, distro);
        }
        Path root = dir.resolve("mirror");
        layOut(root, rpms);
        publishKey(root, distro);

        Catalog.OsSource rocky = Catalog.builtIn().osSource("rocky9");
        PackageSet set = new PackageSet("rocky9", "rpm", Arch.AMD64, List.of("kx-app"));
        Path packages = dir.resolve("packages");
        try (NginxMirror nginx = NginxMirror.serve(root, dir.resolve("nginx"))) {
            Mirror m = Mirror.of(nginx.base());
            String source = m.map(OsRepos.mirror(rocky, Arch.AMD64, io.kubexm.api.Zone.DEFAULT));
            assertThat(source).isEqualTo(nginx.base() + "/" + TREE);
            OsRepos.Built built = OsRepos.build(set, rocky, source, m, packages, dir.resolve("work"));
            checkRepository(built, packages, set, nginx.base() + "/" + TREE);
            assertThat(nginx.accessLog()).anyMatch(l -> l.startsWith("GET /" + KEY + " 200"));
            assertThat(OsRepos.build(set, rocky, source, m, packages, dir.resolve("work")).added()).isZero();
        }
    }

    private void checkRepository(OsRepos.Built built, Path packages, PackageSet set, String tree) throws Exception {
        Path repo = packages.resolve("repos/rocky9/amd64");
        List<String> files;
        try (Stream<Path> s = Files.list(repo)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rpm")).sorted().toList();
        }
        assertThat(files).containsExactly("kx-app-1.0-1.noarch.rpm", "kx-base-1.0-1.noarch.rpm", "kx-lib-1.0-1.noarch.rpm");
        assertThat(built.added()).isEqualTo(3);
        assertThat(repo.resolve("repodata/repomd.xml")).exists();
        // createrepo_c's metadata, as download --check reads it, names each file with its real digest
        RepoIndex index = RepoIndex.read(repo, "rpm").orElseThrow();
        assertThat(index.entries()).extracting(RepoIndex.Entry::file).containsExactlyInAnyOrderElementsOf(files);
        for (RepoIndex.Entry e : index.entries()) {
            assertThat(e.sha256()).isEqualTo(Digests.sha256(repo.resolve(e.file())));
        }
        // each package file is recorded with the upstream repository it came from
        assertThat(built.files()).extracting(OsRepos.PackageFile::source).containsExactlyInAnyOrder(
                tree + "/AppStream/x86_64/os/kx-app-1.0-1.noarch.rpm", tree + "/BaseOS/x86_64/os/kx-base-1.0-1.noarch.rpm",
                tree + "/BaseOS/x86_64/os/kx-lib-1.0-1.noarch.rpm");
        BundleManifest.recordRepos(packages, List.of(built));
        assertThat(BundleManifest.read(packages).repos().getFirst().packages()).hasSize(3).allSatisfy(p -> {
            assertThat(p.sha256()).isEqualTo(Digests.sha256(repo.resolve(p.file())));
            assertThat(p.size()).isEqualTo(Files.size(repo.resolve(p.file())));
        });
        assertThat(BundleCheck.check(new Bom(List.of(), List.of(), List.of(set)), packages, java.util.Optional.empty(),
                java.util.Optional.empty()).missing()).isEmpty();

        // dnf checks every signature with the key the bundle keeps beside the repository
        Path key = repo.resolve("gpgkeys/RPM-GPG-KEY-Rocky-9");
        assertThat(key).content().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Path root = dir.resolve("installroot");
        List<String> install = new ArrayList<>(List.of("dnf", "-y", "-q", "install", "--installroot", root.toString(),
                "--releasever", "9", "--setopt=reposdir=" + Files.createDirectories(dir.resolve("no-repos")),
                "--setopt=cachedir=" + dir.resolve("dnf-cache"), "--setopt=gpgcheck=1",
                "--setopt=bundle.gpgkey=file://" + key, "--repofrompath=bundle,file://" + repo, "--repo=bundle", "kx-app"));
        run(install);
        assertThat(run(List.of("rpm", "--root", root.toString(), "-q", "kx-app", "kx-lib", "kx-base")))
                .contains("kx-app-1.0-1.noarch", "kx-lib-1.0-1.noarch", "kx-base-1.0-1.noarch");
        assertThat(root.resolve("usr/share/kx/kx-app")).hasContent("kx-app");
    }

    @Test
    void unsignedForeignSignedAndAlteredPackagesAreRefused() throws Exception {
        Path distro = gpgKey("distro@kubexm.invalid");
        Path other = gpgKey("other@kubexm.invalid");
        Map<String, Path> rpms = packages();
        sign(rpms.get("kx-app"), other);
        sign(rpms.get("kx-base"), distro);
        sign(rpms.get("kx-other"), distro);
        // kx-lib stays unsigned; kx-base is altered after signing, and the mirror's metadata is made to match it
        byte[] bytes = Files.readAllBytes(rpms.get("kx-base"));
        bytes[bytes.length - 100] ^= (byte) 0xff;
        Files.write(rpms.get("kx-base"), bytes);
        Path root = dir.resolve("mirror");
        layOut(root, rpms);
        publishKey(root, distro);

        Catalog.OsSource rocky = Catalog.builtIn().osSource("rocky9");
        PackageSet set = new PackageSet("rocky9", "rpm", Arch.AMD64, List.of("kx-app"));
        Path packages = dir.resolve("packages");
        try (NginxMirror nginx = NginxMirror.serve(root, dir.resolve("nginx"))) {
            Mirror m = Mirror.of(nginx.base());
            String source = m.map(OsRepos.mirror(rocky, Arch.AMD64, io.kubexm.api.Zone.DEFAULT));
            String keyUrl = "https://" + KEY;
            String ids = "(imported as key ID " + keyId(distro) + ")";
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OsRepos.build(set, rocky, source, m, packages,
                    dir.resolve("work"))))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageStartingWith("refused 3 package(s) of the rocky9 amd64 repository whose signature does not check out")
                    .hasMessageContaining("\n  kx-app-1.0-1.noarch.rpm: signed with key ID " + keyId(other)
                            + ", which is not its key; from repository appstream, whose key is " + keyUrl + " " + ids)
                    .hasMessageContaining("\n  kx-base-1.0-1.noarch.rpm: altered after it was signed (Payload SHA256")
                    .hasMessageContaining("; from repository baseos, whose key is " + keyUrl + " " + ids)
                    .hasMessageContaining("\n  kx-lib-1.0-1.noarch.rpm: not signed; from repository baseos, whose key is "
                            + keyUrl + " " + ids);
        }
        Path repo = packages.resolve("repos/rocky9/amd64");
        try (Stream<Path> s = Files.list(repo)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("gpgkeys");
        }
        assertThat(repo.resolve("repodata")).doesNotExist();
    }

    @Test
    void verdictsOfRpmkeys() {
        // rpm 4.19+ (Sequoia) prints fingerprints and "signature" in lower case; an unsigned file has only digests,
        // a file that is no rpm nothing (rpmkeys 4.18 on "garbage")
        assertThat(RpmSignatures.verdicts("""
                a.rpm:
                    Header OpenPGP V4 RSA/SHA256 signature, key fingerprint: 21cb256ae16fc54c6e652949702d426d350d275d: OK
                    Header SHA256 digest: OK
                    Payload SHA256 digest: OK
                b.rpm:
                    Header OpenPGP V4 RSA/SHA256 signature, key fingerprint: 21cb256ae16fc54c6e652949702d426d350d275d: NOKEY
                    Header SHA256 digest: OK
                c.rpm:
                    Header SHA256 digest: OK
                d.rpm:
                """)).containsExactly(java.util.Map.entry("a.rpm", java.util.Optional.empty()),
                java.util.Map.entry("b.rpm", java.util.Optional.of(
                        "signed with key ID 21cb256ae16fc54c6e652949702d426d350d275d, which is not its key")),
                java.util.Map.entry("c.rpm", java.util.Optional.of("not signed")),
                java.util.Map.entry("d.rpm", java.util.Optional.of("not an rpm package rpmkeys can read")));
    }

    @Test
    void rhelIsRefusedWithoutAMirrorAndEveryRepositoryIsPassed() {
        Catalog catalog = Catalog.builtIn();
        Catalog.OsSource rhel = catalog.osSource("rhel8");
        PackageSet set = new PackageSet("rhel8", "rpm", Arch.AMD64, List.of("socat"));
        String upstream = OsRepos.mirror(rhel, Arch.AMD64, io.kubexm.api.Zone.DEFAULT);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OsRepos.build(set, rhel, upstream, Mirror.none(),
                dir.resolve("packages"), dir.resolve("work"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rhel8 packages come from cdn.redhat.com, which needs a Red Hat subscription")
                .hasMessageContaining("--mirror BASE");
        assertThat(OsRepos.repositories(rhel, "http://127.0.0.1:8080/m/cdn.redhat.com/content/dist/rhel8/8/x86_64",
                Arch.AMD64).values()).containsExactly(
                "http://127.0.0.1:8080/m/cdn.redhat.com/content/dist/rhel8/8/x86_64/baseos/os",
                "http://127.0.0.1:8080/m/cdn.redhat.com/content/dist/rhel8/8/x86_64/appstream/os");
        for (String el : List.of("centos8", "rocky8", "rocky9")) {
            assertThat(catalog.osSource(el).repos()).as(el).extracting(Catalog.RpmRepo::name)
                    .containsExactly("baseos", "appstream");
            assertThat(catalog.osSource(el).repos()).as(el).allSatisfy(r -> assertThat(r.gpgkey()).isPresent());
        }
    }
}
