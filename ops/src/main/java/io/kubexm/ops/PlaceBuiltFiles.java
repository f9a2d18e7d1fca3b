package io.kubexm.ops;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.artifacts.Digests;
import io.kubexm.connector.FileOptions;
import io.kubexm.engine.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files {@code kubexm build} made for this node ({@code build/NAME/NODE/<path>}) copied to their
 * paths with the build's mode, owned by root. Unchanged when every file already has the built
 * sha256. The revert removes them, and the directories kubexm owns ({@code ownedDirs}) entirely.
 */
public record PlaceBuiltFiles(String name, Path nodeDir, List<String> paths, List<String> ownedDirs) implements Undoable {

    public PlaceBuiltFiles {
        paths = List.copyOf(paths);
        ownedDirs = List.copyOf(ownedDirs);
    }

    @Override
    public String describe() {
        return String.join(" ", paths);
    }

    @Override
    public Object inputs() {
        // The built bytes decide whether a resumed run may skip this step.
        Map<String, String> digests = new HashMap<>();
        paths.forEach(p -> digests.put(p, Files.isRegularFile(local(p)) ? sha256(local(p)) : "missing"));
        return List.of(name, nodeDir.toString(), digests, ownedDirs);
    }

    private Path local(String path) {
        return nodeDir.resolve(path.substring(1));
    }

    private static String sha256(Path f) {
        try {
            return Digests.sha256(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private Path built(String path) {
        Path f = local(path);
        if (!Files.isRegularFile(f)) {
            throw new OpsException(f + " is missing; run `kubexm build` (create cluster runs it first)");
        }
        return f;
    }

    @Override
    public boolean check(StepContext ctx) {
        StringBuilder script = new StringBuilder();
        paths.forEach(p -> script.append("[ -f ").append(quote(p)).append(" ] && printf '%s %s\\n' \"$(stat -c %a ")
                .append(quote(p)).append(")\" \"$(sha256sum < ").append(quote(p)).append(" | cut -d' ' -f1)\" || echo missing\n"));
        List<String> remote = Node.of(ctx).shOk("hashing " + name, script.toString()).lines().toList();
        for (int i = 0; i < paths.size(); i++) {
            Path f = built(paths.get(i));
            String expected = Integer.toOctalString(mode(f)) + " " + sha256(f);
            if (i >= remote.size() || !remote.get(i).equals(expected)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void apply(StepContext ctx) {
        Node node = Node.of(ctx);
        for (String p : paths) {
            Path f = built(p);
            node.shOk("creating the directory of " + p, "install -d -m 0755 " + quote(p.replaceFirst("/[^/]+$", "")));
            node.connector().upload(f, p, FileOptions.defaults().withMode(String.format("%04o", mode(f))).withOwner("root:root"));
        }
    }

    private static int mode(Path f) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mode of " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rollback(StepContext ctx) {
        StringBuilder script = new StringBuilder("rm -f");
        paths.forEach(p -> script.append(' ').append(quote(p)));
        ownedDirs.forEach(d -> script.append("; rm -rf ").append(quote(d)));
        if (paths.stream().anyMatch(p -> p.startsWith("/etc/systemd/"))) {
            script.append("; systemctl daemon-reload");
        }
        Node.of(ctx).shOk("removing " + name, script.toString());
    }

    @Override
    public boolean undone(StepContext ctx) {
        StringBuilder test = new StringBuilder("true");
        paths.forEach(p -> test.append(" && [ ! -e ").append(quote(p)).append(" ]"));
        ownedDirs.forEach(d -> test.append(" && [ ! -e ").append(quote(d)).append(" ]"));
        return Node.of(ctx).test(test.toString());
    }
}
