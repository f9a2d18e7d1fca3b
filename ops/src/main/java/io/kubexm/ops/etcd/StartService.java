package io.kubexm.ops.etcd;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;
import io.kubexm.runner.Systemd;
import java.time.Duration;
import java.util.List;

/**
 * {@code systemctl enable --now} for a unit kubexm installed, waiting until it is active. The start is
 * not blocking, so that members of a cluster that wait for each other (etcd) start together. When
 * the unit does not become active, the error carries its status and journal. The revert stops and
 * disables it and removes the state it created ({@code ownedState}, such as etcd's data directory).
 */
public record StartService(String unit, Duration startTimeout, List<String> ownedState) implements Undoable {

    public StartService {
        ownedState = List.copyOf(ownedState);
    }

    @Override
    public String name() {
        return "start-" + unit.replaceFirst("\\.(service|timer)$", "");
    }

    @Override
    public String describe() {
        return "systemctl enable --now " + unit;
    }

    @Override
    public Duration timeout() {
        return startTimeout.plusMinutes(1);
    }

    @Override
    public boolean check(StepContext ctx) {
        return Node.of(ctx).test("systemctl is-enabled --quiet " + unit + " && systemctl is-active --quiet " + unit);
    }

    @Override
    public void apply(StepContext ctx) throws InterruptedException {
        Node node = Node.of(ctx);
        Systemd systemd = node.runner().systemd();
        systemd.daemonReload();
        systemd.enable(unit);
        node.shOk("starting " + unit, "systemctl start --no-block " + unit);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            String state = node.sh("systemctl show -p ActiveState --value " + unit).stdout().strip();
            if (state.equals("active") || state.equals("failed")) {
                break;
            }
            // "activating (auto-restart)" after a crash: it will not come up by waiting longer.
            if (node.sh("systemctl show -p SubState --value " + unit).stdout().strip().equals("auto-restart")) {
                break;
            }
            Thread.sleep(500);
        }
        systemd.ensureActive(unit);
    }

    @Override
    public void rollback(StepContext ctx) {
        StringBuilder script = new StringBuilder("systemctl disable --now " + unit + " 2>/dev/null || systemctl stop " + unit + " 2>/dev/null;"
                + " systemctl reset-failed " + unit + " 2>/dev/null; true");
        ownedState.forEach(p -> script.append("; rm -rf ").append(quote(p)));
        Node.of(ctx).shOk("stopping " + unit, script.toString());
    }

    @Override
    public boolean undone(StepContext ctx) {
        StringBuilder test = new StringBuilder("! systemctl is-enabled --quiet " + unit + " && ! systemctl is-active --quiet " + unit);
        ownedState.forEach(p -> test.append(" && [ ! -e ").append(quote(p)).append(" ]"));
        return Node.of(ctx).test(test.toString());
    }
}
