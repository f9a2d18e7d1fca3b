package io.kubexm.ops;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.FileOptions;
import io.kubexm.engine.StepContext;

/** A file kubexm owns entirely, with the given content and mode; the revert removes it. */
public record WriteFile(String name, String path, String mode, String content) implements Undoable {

    @Override
    public String describe() {
        return path + " (" + mode + ")";
    }

    @Override
    public boolean check(StepContext ctx) {
        Node node = Node.of(ctx);
        return node.runner().files().read(path).map(content::equals).orElse(false)
                && node.test("[ \"$(stat -c %a " + quote(path) + ")\" = " + Integer.toOctalString(Integer.parseInt(mode, 8)) + " ]");
    }

    @Override
    public void apply(StepContext ctx) {
        Node node = Node.of(ctx);
        node.shOk("creating the directory of " + path, "install -d -m 0755 " + quote(path.replaceFirst("/[^/]+$", "")));
        node.runner().files().write(path, content, FileOptions.defaults().withMode(mode).withOwner("root:root"));
    }

    @Override
    public void rollback(StepContext ctx) {
        Node node = Node.of(ctx);
        node.runner().files().remove(path);
        String dir = path.replaceFirst("/[^/]+$", "");
        if (dir.matches(".*\\.(service|timer)\\.d")) {
            node.sh("rmdir " + quote(dir) + " 2>/dev/null || true"); // a unit's drop-in directory goes with kubexm's last drop-in
        }
        if (path.startsWith("/etc/systemd/")) {
            node.shOk("reloading systemd", "systemctl daemon-reload");
        }
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).runner().files().exists(path);
    }
}
