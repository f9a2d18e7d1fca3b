package io.kubexm.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands on lab nodes with the system OpenSSH client, the lab key and the lab's
 * known_hosts (host keys are written there when a node is created, so nothing is trusted on
 * first use). kubexm itself reaches nodes through its connector; this is the lab's own access
 * for readiness checks, {@code kubexm lab ssh} and tests.
 */
public final class NodeShell {
    private final Lab lab;
    private final HostCommands host = new HostCommands();

    public NodeShell(Lab lab) {
        this.lab = lab;
    }

    /** Runs {@code command} through the node's login shell; waits at most {@code timeout}. */
    public CommandResult exec(LabNode node, String command, Duration timeout) {
        List<String> cmd = new ArrayList<>(List.of("timeout", "--kill-after=5", timeout.toSeconds() + "s"));
        cmd.addAll(sshArgs(node, false));
        cmd.add(command);
        return host.run(cmd);
    }

    public CommandResult exec(LabNode node, String command) {
        return exec(node, command, Duration.ofMinutes(5));
    }

    /** Like {@link #exec(LabNode, String)} but fails with the node, the command and its output on a non-zero exit. */
    public String check(LabNode node, String command) {
        CommandResult r = exec(node, command);
        if (!r.ok()) {
            throw new LabException("lab " + lab.name() + ", node " + node.name() + ": `" + command + "` exited "
                    + r.exitCode() + ": " + r.diagnostic());
        }
        return r.stdout();
    }

    /** The ssh command line that reaches {@code node}; {@code interactive} allocates a terminal when there is one. */
    public List<String> sshArgs(LabNode node, boolean interactive) {
        List<String> args = new ArrayList<>(List.of("ssh", "-i", lab.privateKey().toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + lab.knownHosts(),
                "-o", "StrictHostKeyChecking=yes",
                "-o", "ConnectTimeout=5",
                "-o", "LogLevel=ERROR"));
        if (!interactive) {
            args.addAll(List.of("-o", "BatchMode=yes", "-T"));
        }
        args.add("root@" + node.address());
        args.add("--");
        return args;
    }
}
