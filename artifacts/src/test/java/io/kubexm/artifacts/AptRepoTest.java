package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.api.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian 12 repository built from Debian's archive for a small package set, then
 * judged by apt itself: a second private apt root whose only source is that repository
 * resolves and downloads the whole set with nothing installed.
 */
class AptRepoTest {
    static final List<String> SET = List.of("socat", "conntrack", "ipset", "ebtables", "chrony");

    @TempDir
    Path dir;

    @Test
    void closureAndMetadataLetAptInstallFromTheRepositoryAlone() throws Exception {
        Catalog catalog = Catalog.builtIn();
        Catalog.OsSource debian = catalog.osSource("debian12");
        PackageSet set = new PackageSet("debian12", "deb", Arch.AMD64, SET);
        Path packages = dir.resolve("packages");
        String mirror = OsRepos.mirror(debian, Arch.AMD64, Zone.DEFAULT);

        OsRepos.Built built = OsRepos.build(set, debian, mirror, Mirror.none(), packages, dir.resolve("work"));

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
        // download --check reads dpkg-scanpackages' index and finds every .deb with its digest
        assertThat(BundleCheck.check(new Bom(List.of(), List.of(), List.of(set)), packages, java.util.Optional.empty(),
                java.util.Optional.empty()).missing()).isEmpty();

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

        OsRepos.Built again = OsRepos.build(set, debian, mirror, Mirror.none(), packages, dir.resolve("work"));
        assertThat(again.added()).isZero();
        assertThat(again.packages()).isEqualTo(built.packages());
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
