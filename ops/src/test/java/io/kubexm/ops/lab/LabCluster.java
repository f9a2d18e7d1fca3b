package io.kubexm.ops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.ClusterConfigs;
import io.kubexm.engine.Event;
import io.kubexm.engine.EventSink;
import io.kubexm.engine.Pipeline;
import io.kubexm.engine.RunResult;
import io.kubexm.lab.Lab;
import io.kubexm.lab.LabManager;
import io.kubexm.lab.LabNode;
import io.kubexm.lab.LabSettings;
import io.kubexm.lab.LabSpec;
import io.kubexm.lab.NodeShell;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.ClusterRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A lab of real nodes with a cluster on them: boots the lab, writes its cluster.yaml with the
 * lab bundle's etcd version (the lab's own sets kube-proxy to iptables mode, as its kernel has no ip_vs),
 * assembles the offline bundle with scripts/lab-bundle.sh, and runs pipelines in this JVM.
 */
final class LabCluster implements AutoCloseable {
    final Path work;
    final Lab lab;
    final NodeShell shell;
    final LabManager manager;
    final String etcdVersion;
    /** Every event of every run, for assertions on what happened when. */
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    private LabCluster(Path work, Lab lab, LabManager manager, String etcdVersion) {
        this.work = work;
        this.lab = lab;
        this.shell = new NodeShell(lab);
        this.manager = manager;
        this.etcdVersion = etcdVersion;
    }

    static LabCluster boot(String name, int nodes) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("kubexm-ops-" + name);
        LabManager manager = new LabManager(LabSettings.withConfDir(work.resolve("conf")), line -> { });
        manager.down(name); // a lab left over by a killed test run
        Lab lab = manager.up(LabSpec.of(name, nodes)).lab();
        String script = Path.of("../scripts/lab-bundle.sh").toAbsolutePath().toString();
        if (!Files.isDirectory(Path.of("/var/cache/kubexm/lab-bundle/debs"))) {
            // Once per machine, like the lab's root file system: the .debs from the Debian mirror.
            bundleScript(script, "--fetch");
        }
        String version = bundleScript(script, work.resolve("build/packages").toString());
        LabCluster c = new LabCluster(work, lab, manager, version);
        c.editConfig(yaml -> yaml);
        return c;
    }

    private static String bundleScript(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    Path configFile() {
        return work.resolve("conf").resolve(lab.name()).resolve("cluster.yaml");
    }

    /** Rewrites cluster.yaml from the lab's own (kube-proxy already in iptables mode) with the bundle's etcd, then {@code edit}. */
    void editConfig(UnaryOperator<String> edit) throws IOException {
        Path original = work.resolve("lab-cluster.yaml");
        if (!Files.exists(original)) {
            Files.copy(configFile(), original);
        }
        String block = "  etcd:\n    type: kubexm\n";
        String lab = Files.readString(original);
        assertThat(lab).contains(block).contains("proxyMode: iptables");
        String yaml = lab.replace(block, block + "    version: " + etcdVersion + "\n");
        Files.writeString(configFile(), edit.apply(yaml));
    }

    ClusterInput input(Set<String> skipPreflight) throws IOException {
        return ClusterInput.of(ClusterConfigs.validate(configFile()).orThrow(), configFile().getParent(), work.resolve("build"))
                .skipping(skipPreflight);
    }

    RunResult run(Pipeline<ClusterInput> pipeline) throws IOException {
        return run(pipeline, Set.of(), Optional.empty());
    }

    RunResult run(Pipeline<ClusterInput> pipeline, Set<String> skip, Optional<String> resume) throws IOException {
        EventSink sink = events::add;
        ClusterRun.Options options = new ClusterRun.Options(false, 50, resume, List.of(sink));
        try (ClusterRun run = ClusterRun.open(input(skip), options)) {
            return run.run(pipeline);
        }
    }

    LabNode node(String name) {
        return lab.requireNode(name);
    }

    String sh(String node, String command) {
        return shell.check(node(node), command);
    }

    /**
     * sha256 of every file and symlink under /etc, /usr/local and the systemd unit directories, by
     * path: what create may change and delete must restore.
     */
    TreeMap<String, String> fileHashes(String node) {
        String out = sh(node, "find /etc /usr/local /lib/systemd/system -xdev \\( -type f -o -type l \\) -print0 | sort -z"
                + " | xargs -0 -r sh -c 'for f; do if [ -L \"$f\" ]; then echo \"link:$(readlink \"$f\")  $f\";"
                + " else sha256sum \"$f\"; fi; done' sh");
        TreeMap<String, String> hashes = new TreeMap<>();
        out.lines().forEach(l -> {
            int sep = l.indexOf("  ");
            hashes.put(l.substring(sep + 2), l.substring(0, sep));
        });
        return hashes;
    }

    @Override
    public void close() {
        try {
            manager.down(lab.name());
        } catch (RuntimeException e) {
            manager.down(lab.name()); // a second pass removes what the first left behind
        }
    }
}
