package io.kubexm.ops.nodeprep;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.FileOptions;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.OpsException;
import io.kubexm.ops.Undoable;
import io.kubexm.runner.HostFacts;
import io.kubexm.runner.PackageRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The packages Kubernetes nodes need, from the bundle's OS repository
 * ({@code build/packages/repos/<os-id><version>/<arch>/}). The repository is copied to the node only
 * for the install and removed with its source entry afterwards, so the node's package sources are
 * as before. Every package the install added (dependencies included) is recorded; the revert purges
 * exactly those.
 */
public record InstallPackages(List<String> debs, List<String> rpms, Path packagesDir) implements Undoable {
    static final String REPO_DIR = Node.STATE_DIR + "/repo";
    static final String RECORD = Node.BACKUP_DIR + "/packages.installed";
    private static final String REPO_NAME = "offline";

    public InstallPackages {
        debs = List.copyOf(debs);
        rpms = List.copyOf(rpms);
    }

    @Override
    public String name() {
        return "install-packages";
    }

    @Override
    public String describe() {
        return "apt: " + String.join(" ", debs) + "; yum/dnf: " + String.join(" ", rpms) + "; from build/packages/repos";
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(20);
    }

    private List<String> wanted(HostFacts facts) {
        return facts.packageManager() == HostFacts.PackageManager.APT ? debs : rpms;
    }

    private static String listInstalled(HostFacts facts) {
        return facts.packageManager() == HostFacts.PackageManager.APT
                ? "dpkg-query -W -f='${db:Status-Status} ${Package}\\n' | awk '$1 == \"installed\" {print $2}' | sort"
                : "rpm -qa --qf '%{NAME}\\n' | sort";
    }

    /** One query for all packages: the converged re-run's cost is in round trips. */
    @Override
    public boolean check(StepContext ctx) {
        Node node = Node.of(ctx);
        HostFacts facts = node.facts();
        String names = String.join(" ", wanted(facts));
        String query = facts.packageManager() == HostFacts.PackageManager.APT
                ? "for p in " + names + "; do [ \"$(dpkg-query -W -f='${db:Status-Status}' \"$p\" 2>/dev/null)\" = installed ] || exit 1; done"
                : "rpm -q --quiet " + names;
        return node.test(query);
    }

    @Override
    public void apply(StepContext ctx) {
        Node node = Node.of(ctx);
        HostFacts facts = node.facts();
        Path repo = packagesDir.resolve("repos").resolve(facts.osId() + facts.osVersion()).resolve(facts.arch());
        if (!Files.isDirectory(repo)) {
            throw new OpsException("node " + node.describe() + " (" + facts.osId() + " " + facts.osVersion() + " "
                    + facts.arch() + ") needs packages " + wanted(facts) + " but the bundle has no repository " + repo
                    + "; run `kubexm download` for this OS and arch (or copy a bundle that has it)");
        }
        try {
            node.shOk("preparing the offline repository", "install -d -m 0755 " + REPO_DIR + " " + Node.BACKUP_DIR
                    + " && " + listInstalled(facts) + " > " + REPO_DIR + ".before");
            try (Stream<Path> files = Files.walk(repo)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    node.connector().upload(f, REPO_DIR + "/" + repo.relativize(f), FileOptions.defaults());
                }
            }
            node.runner().packages(facts.packageManager())
                    .install(wanted(facts), Optional.of(new PackageRepo(REPO_NAME, "file://" + REPO_DIR)));
            node.shOk("recording the installed packages", listInstalled(facts) + " | comm -13 " + REPO_DIR + ".before - >> " + RECORD);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the repository " + repo + ": " + e.getMessage(), e);
        } finally {
            node.sh("rm -rf " + REPO_DIR + " " + REPO_DIR + ".before /etc/apt/kubexm-" + REPO_NAME + ".list /etc/yum.repos.d/kubexm-"
                    + REPO_NAME + ".repo /var/lib/apt/lists/_var_lib_kubexm_repo_*");
        }
    }

    @Override
    public void rollback(StepContext ctx) {
        Node node = Node.of(ctx);
        String purge = node.facts().packageManager() == HostFacts.PackageManager.APT
                ? "DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 purge"
                : (node.facts().packageManager() == HostFacts.PackageManager.DNF ? "dnf" : "yum") + " -y remove";
        node.shOk("removing the packages kubexm installed", "f=" + quote(RECORD) + "; if [ -s \"$f\" ]; then "
                + purge + " $(cat \"$f\"); fi; rm -f \"$f\"", Duration.ofMinutes(10));
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).test("[ -e " + RECORD + " ]");
    }
}
