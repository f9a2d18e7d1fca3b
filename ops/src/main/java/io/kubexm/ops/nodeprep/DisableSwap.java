package io.kubexm.ops.nodeprep;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Backups;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;

/** Swap off now, and its /etc/fstab lines commented out (the original fstab is kept for the revert). */
public record DisableSwap() implements Undoable {
    private static final String FSTAB = "/etc/fstab";
    private static final String ACTIVE_LINE = "'^[^#]\\S*\\s+\\S+\\s+swap\\s'";

    @Override
    public String name() {
        return "disable-swap";
    }

    @Override
    public String describe() {
        return "swapoff -a, swap lines of " + FSTAB + " commented out";
    }

    @Override
    public boolean check(StepContext ctx) {
        return Node.of(ctx).test("[ -z \"$(tail -n +2 /proc/swaps)\" ] && ! grep -Eq " + ACTIVE_LINE + " " + FSTAB);
    }

    @Override
    public void apply(StepContext ctx) {
        Node.of(ctx).shOk("disabling swap", Backups.save(FSTAB) + "\nswapoff -a\n"
                + "[ ! -f " + FSTAB + " ] || sed -i -E 's/^([^#]\\S*\\s+\\S+\\s+swap\\s.*)$/#kubexm# \\1/' " + FSTAB);
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).shOk("restoring " + FSTAB + " and swap", Backups.restore(FSTAB) + "\nswapon -a || true");
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).test(Backups.exists(FSTAB));
    }
}
