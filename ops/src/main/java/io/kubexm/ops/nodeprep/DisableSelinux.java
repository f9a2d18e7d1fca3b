package io.kubexm.ops.nodeprep;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Backups;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;

/** SELinux permissive now and disabled at boot; nothing to do where SELinux is absent (Debian, Ubuntu). */
public record DisableSelinux() implements Undoable {
    private static final String CONFIG = "/etc/selinux/config";

    @Override
    public String name() {
        return "disable-selinux";
    }

    @Override
    public String describe() {
        return "setenforce 0, SELINUX=disabled in " + CONFIG;
    }

    @Override
    public boolean check(StepContext ctx) {
        return Node.of(ctx).test("{ ! command -v getenforce >/dev/null || [ \"$(getenforce)\" != Enforcing ]; } && "
                + "{ [ ! -f " + CONFIG + " ] || ! grep -Eq '^SELINUX=enforcing' " + CONFIG + "; }");
    }

    @Override
    public void apply(StepContext ctx) {
        Node.of(ctx).shOk("disabling SELinux", Backups.save(CONFIG) + "\n"
                + "if command -v setenforce >/dev/null && [ \"$(getenforce)\" = Enforcing ]; then setenforce 0; fi\n"
                + "[ ! -f " + CONFIG + " ] || sed -i -E 's/^SELINUX=enforcing/SELINUX=disabled/' " + CONFIG);
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).shOk("restoring " + CONFIG, Backups.restore(CONFIG)
                + "\nif grep -Eq '^SELINUX=enforcing' " + CONFIG + " 2>/dev/null && command -v setenforce >/dev/null; then setenforce 1 || true; fi");
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).test(Backups.exists(CONFIG));
    }
}
