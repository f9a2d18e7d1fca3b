package io.kubexm.cli;

import io.kubexm.lab.Fault;
import io.kubexm.lab.Lab;
import io.kubexm.lab.LabException;
import io.kubexm.lab.LabManager;
import io.kubexm.lab.LabNode;
import io.kubexm.lab.LabOs;
import io.kubexm.lab.LabSettings;
import io.kubexm.lab.LabSpec;
import io.kubexm.lab.NodeStatus;
import io.kubexm.lab.UpResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubexm lab}: disposable multi-node systemd hosts on this machine, for tests and trials. */
@Command(name = "lab", description = "Disposable lab nodes (systemd-nspawn containers with systemd and sshd) on this machine.",
        subcommands = {LabCommand.Image.class, LabCommand.Up.class, LabCommand.Status.class, LabCommand.Ssh.class, LabCommand.Down.class,
                LabCommand.FaultCmd.class, LabDemoCommand.class})
final class LabCommand {

    /** What every lab subcommand shares: where cluster.yaml goes, and the terminal. */
    static final class Common {
        @Option(names = "--conf-dir", defaultValue = "conf", description = "Directory holding NAME/cluster.yaml (default ${DEFAULT-VALUE}).")
        Path confDir;
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        LabManager manager() {
            return new LabManager(LabSettings.withConfDir(confDir), line -> {
                out().println("  " + line);
                out().flush();
            });
        }

        /** Lab errors are a failed run (exit 1) with the message alone; bad arguments are usage errors (exit 2). */
        int run(Callable<Integer> body) {
            PrintWriter err = spec.commandLine().getErr();
            try {
                return body.call();
            } catch (LabException e) {
                err.println("kubexm lab: " + e.getMessage());
                return Main.EXIT_RUN_FAILED;
            } catch (IllegalArgumentException e) {
                err.println("kubexm lab: " + e.getMessage());
                return Main.EXIT_INVALID;
            } catch (Exception e) {
                err.println("kubexm lab: " + e);
                return Main.EXIT_RUN_FAILED;
            } finally {
                out().flush();
                err.flush();
            }
        }
    }

    @Command(name = "image", description = "Build the cached root file system lab nodes boot from (debootstrap), unless it is there already.")
    static final class Image implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;
        @Option(names = "--os", defaultValue = "debian12", split = ",", description = "debian12 | debian11, comma-separated (default ${DEFAULT-VALUE}).")
        List<String> os;
        @Option(names = "--mirror", defaultValue = LabSpec.DEFAULT_MIRROR, description = "Debian mirror to build from (default ${DEFAULT-VALUE}).")
        String mirror;

        @Override
        public Integer call() {
            return common.run(() -> {
                LabManager manager = common.manager();
                for (LabOs labOs : os.stream().map(LabOs::parse).toList()) {
                    boolean built = manager.image(labOs, mirror);
                    common.out().println("lab image " + labOs.id() + (built ? ": built" : ": cached already; nothing changed"));
                }
                return Main.EXIT_OK;
            });
        }
    }

    @Command(name = "up", description = "Boot a lab of N nodes (or the part of it that is not running) and write conf/NAME/cluster.yaml.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;
        @Option(names = "--nodes", defaultValue = "1", description = "Number of nodes (default ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = {"--name", "--cluster"}, defaultValue = LabSpec.DEFAULT_NAME, description = "Lab name (default ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--os", defaultValue = "debian12", description = "debian12 | debian11 (default ${DEFAULT-VALUE}).")
        String os;
        @Option(names = "--mirror", defaultValue = LabSpec.DEFAULT_MIRROR, description = "Debian mirror for building the root file system cache (default ${DEFAULT-VALUE}).")
        String mirror;

        @Override
        public Integer call() {
            return common.run(() -> {
                LabSpec spec = new LabSpec(name, nodes, LabOs.parse(os), mirror);
                UpResult result = common.manager().up(spec);
                Lab lab = result.lab();
                if (result.changes().isEmpty()) {
                    common.out().println("lab " + lab.name() + " is up already; nothing changed");
                } else {
                    result.changes().forEach(c -> common.out().println("  " + c));
                }
                common.out().println("lab " + lab.name() + ": " + lab.nodes().size() + " nodes on " + lab.subnet()
                        + " (bridge " + lab.bridge() + "), config " + lab.clusterYaml());
                lab.nodes().forEach(n -> common.out().println("  " + n.name() + "  " + n.address()));
                common.out().println("ssh: kubexm lab ssh " + lab.name() + " node1");
                return Main.EXIT_OK;
            });
        }
    }

    @Command(name = "status", description = "Show labs, their nodes and each node's systemd state.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;
        @Option(names = {"--name", "--cluster"}, description = "Only this lab.")
        String name;

        @Override
        public Integer call() {
            return common.run(() -> {
                LabManager labs = common.manager();
                List<Lab> shown = name == null ? labs.list() : List.of(labs.require(name));
                if (shown.isEmpty()) {
                    common.out().println("no labs; create one with `kubexm lab up --nodes 3`");
                }
                for (Lab lab : shown) {
                    // A lab left by a crash may not have written its cluster.yaml (or it was deleted since).
                    String config = Files.exists(lab.clusterYaml()) ? "  config " + lab.clusterYaml() : "";
                    common.out().println("lab " + lab.name() + "  " + lab.os().id() + "  " + lab.subnet() + "  bridge "
                            + lab.bridge() + config);
                    for (NodeStatus s : labs.status(lab)) {
                        String memory = s.memoryBytes().map(b -> String.format("  %d MiB", b >> 20)).orElse("");
                        String failed = s.failedUnits().isEmpty() ? "" : "  failed: " + String.join(" ", s.failedUnits());
                        common.out().printf("  %-8s %-15s %s%s%s%n", s.node().name(), s.node().address(), s.systemState(), memory, failed);
                    }
                }
                return Main.EXIT_OK;
            });
        }
    }

    @Command(name = "ssh", description = "Open a shell on a lab node, or run CMD there.")
    static final class Ssh implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "NAME", description = "Lab name.")
        String name;
        @Parameters(index = "1", paramLabel = "NODE", description = "Node name, e.g. node1.")
        String node;
        @Parameters(index = "2..*", paramLabel = "CMD", description = "Command to run (after --).")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() {
            return common.run(() -> {
                LabManager labs = common.manager();
                Lab lab = labs.require(name);
                LabNode target = lab.requireNode(node);
                labs.requireRunning(lab, target);
                List<String> ssh = new ArrayList<>(labs.shell(lab).sshArgs(target, command.isEmpty()));
                if (command.isEmpty()) {
                    ssh.removeLast(); // the "--" that would precede a command
                } else {
                    ssh.add(String.join(" ", command));
                }
                try {
                    return new ProcessBuilder(ssh).inheritIO().start().waitFor();
                } catch (IOException e) {
                    throw new LabException("cannot run ssh: " + e.getMessage() + "; install openssh-client");
                }
            });
        }
    }

    @Command(name = "down", description = "Remove a lab: its nodes, mounts, links, bridge, routes, state and conf/NAME/cluster.yaml.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;
        @Option(names = {"--name", "--cluster"}, defaultValue = LabSpec.DEFAULT_NAME, description = "Lab name (default ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            return common.run(() -> {
                List<String> removed = common.manager().down(name);
                if (removed.isEmpty()) {
                    common.out().println("there is no lab " + name + "; nothing to remove");
                } else {
                    removed.forEach(r -> common.out().println("  removed " + r));
                    common.out().println("lab " + name + " is gone; nothing of it is left on this machine");
                }
                return Main.EXIT_OK;
            });
        }
    }

    @Command(name = "fault", description = "Inject a fault into a node: " + Fault.USAGE + ".")
    static final class FaultCmd implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;
        @Parameters(index = "0", paramLabel = "NAME", description = "Lab name.")
        String name;
        @Parameters(index = "1", paramLabel = "NODE", description = "Node name.")
        String node;
        @Parameters(index = "2..*", paramLabel = "FAULT", arity = "1..2", description = Fault.USAGE)
        List<String> fault = new ArrayList<>();

        @Override
        public Integer call() {
            return common.run(() -> {
                common.out().println(common.manager().fault(name, node, Fault.parse(fault)));
                return Main.EXIT_OK;
            });
        }
    }
}
