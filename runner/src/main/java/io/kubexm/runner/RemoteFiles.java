package io.kubexm.runner;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import io.kubexm.connector.FileOptions;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Files on a node, read and written as root (through sudo for other users). */
public final class RemoteFiles {
    private static final int ABSENT = 44;
    private final Connector node;

    public RemoteFiles(Connector node) {
        this.node = node;
    }

    public boolean exists(String path) {
        return node.exec(Command.sudo("[ -e " + quote(Names.absolute(path)) + " ]").asIdempotent()).ok();
    }

    public Optional<String> read(String path) {
        ExecResult r = node.exec(Command.sudo("f=" + quote(Names.absolute(path)) + "; [ -e \"$f\" ] || exit " + ABSENT
                + "; cat \"$f\"").asIdempotent());
        if (r.exitCode() == ABSENT) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new RunnerException("cannot read " + path + " on node " + node.host().describe() + ": "
                    + (r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip())
                    + "; make sure " + path + " is a readable file there (not a directory or a socket), or fix the path");
        }
        return Optional.of(r.stdout());
    }

    /** Writes atomically; unchanged when content, mode and owner already match. */
    public Change write(String path, String content, FileOptions options) {
        return write(path, content.getBytes(StandardCharsets.UTF_8), options);
    }

    public Change write(String path, byte[] content, FileOptions options) {
        return Change.of(node.upload(content, Names.absolute(path), options).changed());
    }

    public Optional<String> sha256(String path) {
        ExecResult r = node.exec(Command.sudo("f=" + quote(Names.absolute(path)) + "; [ -f \"$f\" ] || exit " + ABSENT
                + "; sha256sum < \"$f\" | cut -d' ' -f1").asIdempotent());
        return r.exitCode() == ABSENT ? Optional.empty() : Optional.of(checked(r, "sha256 of " + path).stdout().strip());
    }

    /** Creates the directory (and parents) with this mode and, if given, owner. */
    public Change mkdir(String path, String mode, Optional<String> owner) {
        new FileOptions(mode, owner, true); // validates mode and owner
        String p = quote(Names.absolute(path));
        String script = "d=" + p + "; changed=0\n"
                + "[ -d \"$d\" ] || { mkdir -p \"$d\" && changed=1; } || exit 1\n"
                + modeAndOwner("$d", mode, owner)
                + "echo $changed";
        return Change.of(checked(node.exec(Command.sudo(script)), "mkdir " + path).stdout().strip().equals("1"));
    }

    public Change chmod(String path, String mode) {
        new FileOptions(mode, Optional.empty(), true);
        String script = "f=" + quote(Names.absolute(path)) + "; changed=0\n" + modeAndOwner("$f", mode, Optional.empty()) + "echo $changed";
        return Change.of(checked(node.exec(Command.sudo(script)), "chmod " + path).stdout().strip().equals("1"));
    }

    public Change chown(String path, String owner) {
        new FileOptions("0644", Optional.of(owner), true);
        String script = "f=" + quote(Names.absolute(path)) + "; changed=0\n" + modeAndOwner("$f", null, Optional.of(owner)) + "echo $changed";
        return Change.of(checked(node.exec(Command.sudo(script)), "chown " + path).stdout().strip().equals("1"));
    }

    /** Removes a file, link or directory tree; unchanged when it was not there. */
    public Change remove(String path) {
        String p = Names.absolute(path);
        if (p.equals("/") || p.matches("/+")) {
            throw new IllegalArgumentException("refusing to remove /");
        }
        String script = "f=" + quote(p) + "; if [ -e \"$f\" ] || [ -L \"$f\" ]; then rm -rf -- \"$f\" && echo 1; else echo 0; fi";
        return Change.of(checked(node.exec(Command.sudo(script)), "remove " + path).stdout().strip().equals("1"));
    }

    /** Shell lines that set mode/owner of {@code var} only when different, setting {@code changed=1} if they did. */
    private static String modeAndOwner(String var, String mode, Optional<String> owner) {
        StringBuilder s = new StringBuilder();
        if (mode != null) {
            s.append("[ \"$(stat -c %a \"").append(var).append("\")\" = \"").append(Integer.toOctalString(Integer.parseInt(mode, 8)))
                    .append("\" ] || { chmod ").append(mode).append(" \"").append(var).append("\" && changed=1; } || exit 1\n");
        }
        owner.ifPresent(o -> {
            String format = o.contains(":") ? "%U:%G" : "%U";
            s.append("[ \"$(stat -c ").append(format).append(" \"").append(var).append("\")\" = ").append(quote(o))
                    .append(" ] || { chown ").append(o).append(" \"").append(var).append("\" && changed=1; } || exit 1\n");
        });
        return s.toString();
    }

    private ExecResult checked(ExecResult r, String what) {
        if (!r.ok()) {
            throw new RunnerException(what + " failed on node " + node.host().describe() + ": "
                    + (r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr().strip()));
        }
        return r;
    }
}
