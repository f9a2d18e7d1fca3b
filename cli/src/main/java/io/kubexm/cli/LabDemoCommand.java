package io.kubexm.cli;

import io.kubexm.lab.Lab;
import io.kubexm.lab.LabNode;
import io.kubexm.lab.LabSpec;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kubexm lab demo}: a 3-node lab and create cluster on it, with a bundle assembled on this
 * machine without internet at run time (scripts/lab-bundle.sh: etcd from Debian's packages, the
 * node dependencies from a cached flat apt repository).
 */
@Command(name = "demo", description = {
        "Boot a 3-node lab (conf/demo/cluster.yaml) and run create cluster on it with a bundle built on this machine",
        "(scripts/lab-bundle.sh), then print how to reach the result. A second run changes nothing."})
final class LabDemoCommand implements Callable<Integer> {
    static final String NAME = "demo";

    @Mixin
    RunOptions run;

    @Mixin
    LabCommand.Common common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return common.run(this::demo);
    }

    private int demo() throws Exception {
        Lab lab = common.manager().up(LabSpec.of(NAME, 3)).lab();
        common.out().println("lab " + NAME + ": " + lab.nodes().size() + " nodes on " + lab.subnet());
        String etcdVersion = bundle(ClusterInputs.BUILD_ROOT.resolve("packages"));
        Path config = lab.clusterYaml();
        // The lab kernel has no ip_vs (kube-proxy in iptables mode); etcd is the bundle's version.
        String yaml = Files.readString(config)
                .replace("  kubernetes:\n    type: kubeadm\n", "  kubernetes:\n    type: kubeadm\n    proxyMode: iptables\n")
                .replace("  etcd:\n    type: kubexm\n", "  etcd:\n    type: kubexm\n    version: " + etcdVersion + "\n");
        Files.writeString(config, yaml);
        Optional<ClusterInput> input = ClusterInputs.load(config, spec.commandLine().getErr());
        if (input.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        int exit = run.run(input.get(), Pipelines.createCluster(), spec.commandLine().getOut());
        if (exit == Main.EXIT_OK) {
            LabNode first = lab.nodes().getFirst();
            String ssl = "/etc/ssl/etcd/ssl";
            common.out().printf("""

                    cluster %s is up: a 3-member TLS etcd on %s
                      reach a node:    ./kubexm lab ssh %s %s
                      etcd members:    ./kubexm lab ssh %s %s -- etcdctl --endpoints=https://%s:2379 --cacert=%s/ca.pem \\
                                         --cert=%s/admin-%s.pem --key=%s/admin-%s-key.pem member list -w table
                      snapshot now:    ./kubexm backup --cluster=%s        (stored under build/%s/backups/etcd/)
                      the plan:        ./kubexm plan --cluster=%s
                      remove it:       ./kubexm delete cluster --cluster=%s && ./kubexm lab down --name=%s
                    """, NAME, String.join(", ", lab.nodes().stream().map(n -> n.name() + " " + n.address()).toList()),
                    NAME, first.name(), NAME, first.name(), first.address(), ssl, ssl, first.name(), ssl, first.name(),
                    NAME, NAME, NAME, NAME, NAME);
        }
        return exit;
    }

    /** build/packages with etcd and the lab nodes' dependency repository; the etcd version in it. */
    private String bundle(Path packages) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("kubexm.home", ".")).resolve("scripts/lab-bundle.sh");
        List<String> command = List.of(script.toString(), packages.toString());
        if (Files.isDirectory(Path.of("/var/cache/kubexm/lab-bundle/debs"))) {
            return runScript(command);
        }
        common.out().println("fetching the lab nodes' packages into /var/cache/kubexm/lab-bundle once (Debian mirror)");
        runScript(List.of(script.toString(), "--fetch"));
        return runScript(command);
    }

    private static String runScript(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out.lines().reduce((a, b) -> b).orElse("");
    }
}
