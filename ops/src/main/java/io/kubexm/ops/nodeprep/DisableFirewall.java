package io.kubexm.ops.nodeprep;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;

/** firewalld and ufw stopped and disabled; the revert starts again exactly those kubexm stopped. */
public record DisableFirewall() implements Undoable {
    private static final String RECORD = Node.BACKUP_DIR + "/firewalls";

    @Override
    public String name() {
        return "disable-firewall";
    }

    @Override
    public String describe() {
        return "stop and disable firewalld, ufw";
    }

    @Override
    public boolean check(StepContext ctx) {
        return Node.of(ctx).test("! systemctl is-active --quiet firewalld && ! systemctl is-active --quiet ufw");
    }

    @Override
    public void apply(StepContext ctx) {
        Node.of(ctx).shOk("disabling the firewall", "mkdir -p " + Node.BACKUP_DIR + "\n"
                + "for s in firewalld ufw; do if systemctl is-active --quiet $s; then echo $s >> " + RECORD
                + "; systemctl disable --now $s; fi; done");
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).shOk("enabling the firewall again", "[ ! -f " + RECORD + " ] || { for s in $(cat " + RECORD
                + "); do systemctl enable --now $s; done; rm -f " + RECORD + "; }");
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).test("[ -e " + RECORD + " ]");
    }
}
