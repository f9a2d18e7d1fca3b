package io.kubexm.ops.nodeprep;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.FileOptions;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;
import io.kubexm.ops.preflight.InspectNode;

/**
 * Marks the node as belonging to the cluster (preflight then accepts its own etcd on 2379 on a
 * second run). First of node preparation, so its revert runs last and removes kubexm's state
 * directory with the backups every other revert has consumed by then.
 */
public record MarkNode(String cluster) implements Undoable {
    @Override
    public String name() {
        return "mark-node";
    }

    @Override
    public String describe() {
        return InspectNode.OWNER_FILE + " = " + cluster;
    }

    @Override
    public boolean check(StepContext ctx) {
        return Node.of(ctx).runner().files().read(InspectNode.OWNER_FILE).map(s -> s.strip().equals(cluster)).orElse(false);
    }

    @Override
    public void apply(StepContext ctx) {
        Node node = Node.of(ctx);
        node.shOk("creating " + Node.STATE_DIR, "install -d -m 0700 " + Node.STATE_DIR);
        node.runner().files().write(InspectNode.OWNER_FILE, cluster + "\n", FileOptions.defaults());
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).shOk("removing " + Node.STATE_DIR, "rm -rf " + quote(Node.STATE_DIR));
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).test("[ -e " + Node.STATE_DIR + " ]");
    }
}
