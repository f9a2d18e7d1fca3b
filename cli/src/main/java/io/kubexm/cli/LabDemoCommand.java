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
import picocli.CommandLine.Option;
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
    @Option(names = {"--name", "--cluster"}, defaultValue = "demo", description = "Lab and cluster name (default ${DEFAULT-VALUE}).")
    String name;

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
        // a fresh machine gets what the lab and the bundle need (Debian packages; services not started)
        runScript(List.of(script("install-lab-deps.sh").toString()));
        Lab lab = common.manager().up(LabSpec.of(name, 3)).lab();
        common.out().println("lab " + name + ": " + lab.nodes().size() + " nodes on " + lab.subnet());
        String etcdVersion = bundle(ClusterInputs.BUILD_ROOT.resolve("packages"));
        Path config = lab.clusterYaml();
        // The lab's cluster.yaml already has kube-proxy in iptables mode (its kernel has no ip_vs); etcd is the bundle's.
        String yaml = withBundleEtcd(Files.readString(config), etcdVersion);
        Files.writeString(config, yaml);
        Optional<ClusterInput> input = ClusterInputs.load(config, spec.commandLine().getErr());
        if (input.isEmpty()) {
            return Main.EXIT_INVALID;
        }
        int exit = run.run(input.get(), Pipelines.createCluster(), spec.commandLine().getOut());
        if (exit == Main.EXIT_OK) {
            common.out().printf("%ncluster %s is up: a 3-member TLS etcd on %s%n", name,
                    String.join(", ", lab.nodes().stream().map(n -> n.name() + " " + n.address()).toList()));
            nextSteps(name, lab.nodes().getFirst(), config)
                    .forEach(h -> common.out().printf("  %-16s ./kubexm %s%n", h.what() + ":", String.join(" ", h.args())));
        }
        return exit;
    }

    /** A command to print after the demo: what it is for and the kubexm arguments (no shell quoting needed). */
    record Hint(String what, List<String> args) {
    }

    /** The cluster commands name the cluster as {@code --cluster=NAME} only where that finds its file (conf/NAME under the working directory). */
    static List<Hint> nextSteps(String name, LabNode first, Path clusterYaml) {
        String ssl = "/etc/ssl/etcd/ssl";
        String cluster = clusterYaml.toAbsolutePath().normalize().equals(Path.of("conf", name, "cluster.yaml").toAbsolutePath())
                ? "--cluster=" + name : "--file=" + clusterYaml.toAbsolutePath().normalize();
        return List.of(
                new Hint("reach a node", List.of("lab", "ssh", name, first.name())),
                new Hint("etcd members", List.of("lab", "ssh", name, first.name(), "--", "etcdctl",
                        "--endpoints=https://" + first.address() + ":2379", "--cacert=" + ssl + "/ca.pem",
                        "--cert=" + ssl + "/admin-" + first.name() + ".pem", "--key=" + ssl + "/admin-" + first.name() + "-key.pem",
                        "member", "list", "-w", "table")),
                new Hint("snapshot now", List.of("backup", cluster)),
                new Hint("the plan", List.of("plan", cluster)),
                new Hint("remove cluster", List.of("delete", "cluster", cluster)),
                new Hint("remove lab", List.of("lab", "down", "--name=" + name)));
    }

    /** Pins etcd to the bundle's version; refuses a cluster.yaml whose etcd block is not the lab's. */
    static String withBundleEtcd(String yaml, String etcdVersion) {
        String block = "  etcd:\n    type: kubexm\n";
        if (!yaml.contains(block)) {
            throw new IllegalStateException("the lab's cluster.yaml has no 'etcd: {type: kubexm}' block to pin the bundle's etcd "
                    + etcdVersion + " in; run `./kubexm lab demo` again to rewrite it");
        }
        return yaml.replace(block, block + "    version: " + etcdVersion + "\n");
    }

    /** build/packages with etcd and the lab nodes' dependency repository; the etcd version in it. */
    private String bundle(Path packages) throws IOException, InterruptedException {
        Path script = script("lab-bundle.sh");
        List<String> command = List.of(script.toString(), packages.toString());
        if (Files.isDirectory(Path.of("/var/cache/kubexm/lab-bundle/debs"))) {
            return runScript(command);
        }
        common.out().println("fetching the lab nodes' packages into /var/cache/kubexm/lab-bundle once (Debian mirror)");
        runScript(List.of(script.toString(), "--fetch"));
        return runScript(command);
    }

    private static Path script(String name) {
        return Path.of(System.getProperty("kubexm.home", ".")).resolve("scripts").resolve(name);
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
