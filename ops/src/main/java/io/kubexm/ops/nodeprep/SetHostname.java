package io.kubexm.ops.nodeprep;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Backups;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;

/** The node's hostname is its name in cluster.yaml, now and at boot. */
public record SetHostname(String hostname) implements Undoable {
    private static final String FILE = "/etc/hostname";
    private static final String PREVIOUS = Node.BACKUP_DIR + "/hostname.running";

    @Override
    public String name() {
        return "set-hostname";
    }

    @Override
    public String describe() {
        return "hostname " + hostname;
    }

    @Override
    public boolean check(StepContext ctx) {
        String h = quote(hostname);
        return Node.of(ctx).test("[ \"$(uname -n)\" = " + h + " ] && [ \"$(cat " + FILE + " 2>/dev/null)\" = " + h + " ]");
    }

    @Override
    public void apply(StepContext ctx) {
        String h = quote(hostname);
        Node.of(ctx).shOk("setting the hostname", Backups.save(FILE) + " && { [ -e " + PREVIOUS + " ] || uname -n > " + PREVIOUS + "; }\n"
                + "echo " + h + " > " + FILE + ".kubexm && mv " + FILE + ".kubexm " + FILE + " && hostname " + h);
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).shOk("restoring the hostname", Backups.restore(FILE)
                + "\nif [ -f " + PREVIOUS + " ]; then hostname \"$(cat " + PREVIOUS + ")\" && rm -f " + PREVIOUS + "; fi");
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).test(Backups.exists(FILE) + " || [ -e " + PREVIOUS + " ]");
    }
}
