package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.lab.Lab;
import io.kubexm.lab.LabManager;
import io.kubexm.lab.LabNode;
import io.kubexm.lab.LabSettings;
import io.kubexm.lab.LabSpec;
import io.kubexm.lab.NodeShell;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian 12 repository kubexm builds (from the install-time partial mirror of Debian's archive
 * on loopback, {@link DebianMirror}), served to a lab node whose only apt source it is: apt installs
 * socat, conntrack, ipset, ebtables and chrony from it, and they run.
 */
@Tag("lab")
class AptRepoLabTest {
    @TempDir
    Path dir;

    @Test
    void aLabNodeInstallsThePackageSetFromTheBundleAlone() throws Exception {
        Catalog.OsSource debian = Catalog.builtIn().osSource("debian12");
        PackageSet set = new PackageSet("debian12", "deb", Arch.AMD64, AptRepoTest.SET);
        Path packages = dir.resolve("packages");
        try (DebianMirror mirror = DebianMirror.serveCache(set.packages(), dir.resolve("debian-mirror"))) {
            mirror.build(set, debian, packages, dir.resolve("work"));
        }

        // A state root of its own: the test neither reads nor disturbs labs that others run on this machine.
        LabManager labs = new LabManager(new LabSettings(LabSettings.DEFAULT_CACHE,
                Path.of("/var/lib/kubexm/lab-artifacts-test"), dir.resolve("conf")), line -> { });
        String name = "kxapt";
        try {
            Lab lab = labs.up(LabSpec.of(name, 1)).lab();
            LabNode node = lab.nodes().getFirst();
            NodeShell shell = labs.shell(lab);
            try (NginxMirror repo = NginxMirror.serve(packages.resolve("repos/debian12/amd64"), dir.resolve("nginx"),
                    lab.gateway())) {
                shell.check(node, "rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*"
                        + " && echo 'deb [trusted=yes] " + repo.base() + "/ ./' > /etc/apt/sources.list.d/kubexm.list");
                String update = shell.check(node, "apt-get -q update 2>&1");
                assertThat(update).contains(repo.base()).doesNotContain("deb.debian.org");
                shell.check(node, "DEBIAN_FRONTEND=noninteractive apt-get -q -y install "
                        + String.join(" ", AptRepoTest.SET) + " 2>&1");
                assertThat(shell.check(node, "dpkg-query -W -f='${Package} ${Status}\\n' "
                        + String.join(" ", AptRepoTest.SET)))
                        .contains("socat install ok installed", "conntrack install ok installed",
                                "ipset install ok installed", "ebtables install ok installed",
                                "chrony install ok installed");
                assertThat(shell.check(node, "socat -V 2>&1 | head -2")).contains("socat version");
                assertThat(shell.check(node, "chronyd --version")).contains("chronyd");
            }
        } finally {
            labs.down(name);
        }
    }
}
