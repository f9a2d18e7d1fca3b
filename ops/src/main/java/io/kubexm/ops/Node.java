package io.kubexm.ops;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import io.kubexm.engine.ServiceKey;
import io.kubexm.engine.StepContext;
import io.kubexm.runner.HostFacts;
import io.kubexm.runner.Runner;
import java.time.Duration;

/**
 * The per-host service every ops step works through: the node's {@link Runner} and its facts,
 * gathered once per run on first use.
 */
public final class Node {
    public static final ServiceKey<Node> KEY = ServiceKey.of("node", Node.class);
    /** Where kubexm keeps its own things on a node: backups for reverts, bundle files, the offline repository. */
    public static final String STATE_DIR = "/var/lib/kubexm";
    /** Originals that node preparation replaced, so that a revert can put them back. */
    public static final String BACKUP_DIR = STATE_DIR + "/backup";

    private final Runner runner;
    private HostFacts facts; // guarded by this

    public Node(Runner runner) {
        this.runner = runner;
    }

    public static Node of(StepContext ctx) {
        return ctx.service(KEY);
    }

    public Runner runner() {
        return runner;
    }

    public Connector connector() {
        return runner.connector();
    }

    public String describe() {
        return runner.connector().host().describe();
    }

    public synchronized HostFacts facts() {
        if (facts == null) {
            facts = runner.facts();
        }
        return facts;
    }

    /** Runs {@code script} as root; the result, whatever the exit code. */
    public ExecResult sh(String script) {
        return connector().exec(Command.sudo(script).asIdempotent());
    }

    /** Runs {@code script} as root and fails (naming the node and {@code what}) unless it exits 0. */
    public String shOk(String what, String script) {
        return shOk(what, script, Command.DEFAULT_TIMEOUT);
    }

    public String shOk(String what, String script, Duration timeout) {
        ExecResult r = connector().exec(Command.sudo(script).withTimeout(timeout));
        if (!r.ok()) {
            String detail = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
            throw new OpsException(what + " failed on node " + describe() + " (exit code " + r.exitCode() + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        return r.stdout();
    }

    /** True when {@code test} (a shell condition) holds on the node. */
    public boolean test(String test) {
        return sh(test).ok();
    }
}
