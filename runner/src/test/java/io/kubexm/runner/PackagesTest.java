package io.kubexm.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** apt against a real flat repository built here with dpkg-deb and dpkg-scanpackages. */
class PackagesTest extends LoopbackNode {
    final String pkg = "kubexm-test-" + Long.toHexString(System.nanoTime());

    @AfterEach
    void cleanUp() throws Exception {
        Files.deleteIfExists(Path.of("/var/lib/dpkg/info/" + pkg + ".prerm")); // the refusing one, so that purge works
        new ProcessBuilder("dpkg", "--purge", pkg).start().waitFor();
        Files.deleteIfExists(Path.of("/etc/apt/kubexm-" + pkg + ".list"));
    }

    @Test
    void installsFromTheGivenRepositoryOnlyOnceThenRemoves() throws Exception {
        Path repo = buildRepo();
        Packages apt = new Packages(node, HostFacts.PackageManager.APT);
        PackageRepo offline = new PackageRepo(pkg, "file://" + repo);
        assertThat(apt.installed(pkg)).isFalse();
        assertThat(apt.install(List.of(pkg), Optional.of(offline))).isEqualTo(Change.CHANGED);
        assertThat(TestSshd.Sh.run("dpkg-query", "-W", "-f=${Status}", pkg)).isEqualTo("install ok installed");
        assertThat(Path.of("/usr/share/" + pkg + "/marker")).hasContent("installed by kubexm test");
        assertThat(apt.install(List.of(pkg), Optional.of(offline))).isEqualTo(Change.UNCHANGED);
        assertThat(apt.remove(List.of(pkg))).isEqualTo(Change.CHANGED);
        assertThat(apt.remove(List.of(pkg))).isEqualTo(Change.UNCHANGED);
        assertThat(apt.installed(pkg)).isFalse();
    }

    @Test
    void aPackageTheRepositoryLacksFailsWithAHint() throws Exception {
        Path repo = buildRepo();
        Packages apt = new Packages(node, HostFacts.PackageManager.APT);
        assertThatThrownBy(() -> apt.install(List.of(pkg + "-missing"), Optional.of(new PackageRepo(pkg, "file://" + repo))))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("installing " + pkg + "-missing failed on node node-sudo")
                .hasMessageContaining("Unable to locate package")
                .hasMessageEndingWith("check that the offline repository holds these packages for this OS and arch");
    }

    @Test
    void aRefusedRemovalSaysWhatToRunThere() throws Exception {
        Path repo = buildRepo("#!/bin/sh\necho 'kubexm test: refusing removal' >&2\nexit 1\n");
        Packages apt = new Packages(node, HostFacts.PackageManager.APT);
        apt.install(List.of(pkg), Optional.of(new PackageRepo(pkg, "file://" + repo)));
        assertThatThrownBy(() -> apt.remove(List.of(pkg)))
                .isInstanceOf(RunnerException.class)
                .hasMessageStartingWith("removing " + pkg + " failed on node node-sudo (127.0.0.1:" + lab.sshd.port() + "): ")
                .hasMessageContaining("kubexm test: refusing removal")
                .hasMessageEndingWith("; a package script or a package that depends on it may refuse: run `dpkg --audit;"
                        + " apt-get -s remove " + pkg + "` there, fix what it reports, and run again");
        assertThat(apt.installed(pkg)).isTrue();
    }

    private Path buildRepo() throws Exception {
        return buildRepo("");
    }

    /** A flat apt repository with one package; {@code prerm} is its pre-removal script when not empty. */
    private Path buildRepo(String prerm) throws Exception {
        Path root = scratch.resolve("pkg-" + pkg);
        Path debian = root.resolve("DEBIAN");
        Files.createDirectories(debian);
        Files.createDirectories(root.resolve("usr/share/" + pkg));
        Files.writeString(root.resolve("usr/share/" + pkg + "/marker"), "installed by kubexm test\n");
        Files.writeString(debian.resolve("control"), "Package: " + pkg + "\nVersion: 1.0\nArchitecture: all\n"
                + "Maintainer: kubexm <test@kubexm.invalid>\nDescription: kubexm test package\n");
        if (!prerm.isEmpty()) {
            Files.writeString(debian.resolve("prerm"), prerm);
            debian.resolve("prerm").toFile().setExecutable(true, false);
        }
        Path repo = scratch.resolve("repo-" + pkg);
        Files.createDirectories(repo);
        TestSshd.Sh.run("dpkg-deb", "--build", "--root-owner-group", root.toString(), repo.resolve(pkg + "_1.0_all.deb").toString());
        String index = TestSshd.Sh.run("sh", "-c", "cd " + repo + " && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null");
        Files.writeString(repo.resolve("Packages"), index);
        TestSshd.Sh.run("chmod", "-R", "a+rX", repo.toString());
        return repo;
    }
}
