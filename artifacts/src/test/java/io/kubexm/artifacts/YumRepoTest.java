package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The yum/dnf repository builder against a local fixture laid out as Rocky 9's BaseOS and
 * AppStream, with packages made with rpmbuild (kx-app, only in AppStream, needs kx-lib, which
 * needs kx-base, both in BaseOS; kx-other is unrelated): the result holds exactly the closure
 * across both repositories, and dnf installs kx-app from it alone into an empty root.
 */
class YumRepoTest {
    @TempDir
    Path dir;

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
    void theRepositoryHoldsTheClosureAndDnfInstallsFromIt() throws Exception {
        Path top = dir.resolve("rpmbuild");
        rpm(top, "kx-base", "");
        rpm(top, "kx-lib", "kx-base");
        rpm(top, "kx-app", "kx-lib >= 1.0");
        rpm(top, "kx-other", "");
        Path fixture = dir.resolve("fixture");
        Path baseos = Files.createDirectories(fixture.resolve("BaseOS/x86_64/os"));
        Path appstream = Files.createDirectories(fixture.resolve("AppStream/x86_64/os"));
        try (Stream<Path> s = Files.walk(top.resolve("RPMS"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".rpm")).toList()) {
                Path repo = p.getFileName().toString().startsWith("kx-app") ? appstream : baseos;
                Files.copy(p, repo.resolve(p.getFileName()));
            }
        }
        run(List.of("createrepo_c", "-q", baseos.toString()));
        run(List.of("createrepo_c", "-q", appstream.toString()));

        Catalog.OsSource rocky = Catalog.builtIn().osSource("rocky9");
        PackageSet set = new PackageSet("rocky9", "rpm", Arch.AMD64, List.of("kx-app"));
        Path packages = dir.resolve("packages");
        OsRepos.Built built = OsRepos.build(set, rocky, "file://" + fixture, packages, dir.resolve("work"));

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
                "file://" + appstream + "/kx-app-1.0-1.noarch.rpm", "file://" + baseos + "/kx-base-1.0-1.noarch.rpm",
                "file://" + baseos + "/kx-lib-1.0-1.noarch.rpm");
        BundleManifest.recordRepos(packages, List.of(built));
        assertThat(BundleManifest.read(packages).repos().getFirst().packages()).hasSize(3).allSatisfy(p -> {
            assertThat(p.sha256()).isEqualTo(Digests.sha256(repo.resolve(p.file())));
            assertThat(p.size()).isEqualTo(Files.size(repo.resolve(p.file())));
        });
        assertThat(BundleCheck.check(new Bom(List.of(), List.of(), List.of(set)), packages, java.util.Optional.empty(),
                java.util.Optional.empty()).missing()).isEmpty();

        Path root = dir.resolve("installroot");
        List<String> install = new ArrayList<>(List.of("dnf", "-y", "-q", "install", "--installroot", root.toString(),
                "--releasever", "9", "--setopt=reposdir=" + Files.createDirectories(dir.resolve("no-repos")),
                "--setopt=cachedir=" + dir.resolve("dnf-cache"), "--nogpgcheck",
                "--repofrompath=bundle,file://" + repo, "--repo=bundle", "kx-app"));
        run(install);
        assertThat(run(List.of("rpm", "--root", root.toString(), "-q", "kx-app", "kx-lib", "kx-base")))
                .contains("kx-app-1.0-1.noarch", "kx-lib-1.0-1.noarch", "kx-base-1.0-1.noarch");
        assertThat(root.resolve("usr/share/kx/kx-app")).hasContent("kx-app");

        assertThat(OsRepos.build(set, rocky, "file://" + fixture, packages, dir.resolve("work")).added()).isZero();
    }

    @Test
    void rhelIsRefusedWithoutAMirrorAndEveryRepositoryIsPassed() {
        Catalog catalog = Catalog.builtIn();
        Catalog.OsSource rhel = catalog.osSource("rhel8");
        PackageSet set = new PackageSet("rhel8", "rpm", Arch.AMD64, List.of("socat"));
        String upstream = OsRepos.mirror(rhel, Arch.AMD64, io.kubexm.api.Zone.DEFAULT);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OsRepos.build(set, rhel, upstream,
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
