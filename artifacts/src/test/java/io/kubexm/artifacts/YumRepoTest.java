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
 * The yum/dnf repository builder against a local fixture repository of packages made with
 * rpmbuild (kx-app needs kx-lib, which needs kx-base; kx-other is unrelated): the result
 * holds exactly the closure, and dnf installs kx-app from it alone into an empty root.
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
        Path fixture = Files.createDirectories(dir.resolve("fixture"));
        try (Stream<Path> s = Files.walk(top.resolve("RPMS"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".rpm")).toList()) {
                Files.copy(p, fixture.resolve(p.getFileName()));
            }
        }
        run(List.of("createrepo_c", "-q", fixture.toString()));

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
}
