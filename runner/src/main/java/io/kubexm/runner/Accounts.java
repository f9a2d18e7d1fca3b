package io.kubexm.runner;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import java.util.List;
import java.util.Optional;

/** Local users and groups (service accounts such as etcd). */
public final class Accounts {
    private final Connector node;

    public Accounts(Connector node) {
        this.node = node;
    }

    /**
     * A user to ensure.
     *
     * @param system a system account (no aging, id from the system range)
     * @param home   its home directory (created), or none
     * @param shell  its login shell, {@code /sbin/nologin} for service accounts
     * @param groups supplementary groups (must exist)
     */
    public record User(String name, boolean system, Optional<String> home, String shell, List<String> groups) {
        public static User service(String name) {
            return new User(name, true, Optional.empty(), "/sbin/nologin", List.of());
        }
    }

    public boolean userExists(String name) {
        return node.exec(Command.of("getent passwd " + Names.word(name, "user name")).asIdempotent()).ok();
    }

    public boolean groupExists(String name) {
        return node.exec(Command.of("getent group " + Names.word(name, "group name")).asIdempotent()).ok();
    }

    public Change ensureGroup(String name, boolean system) {
        if (groupExists(name)) {
            return Change.UNCHANGED;
        }
        run("groupadd " + (system ? "--system " : "") + name, "create group " + name);
        return Change.CHANGED;
    }

    /** Creates the user, or adds missing supplementary groups to an existing one. */
    public Change ensureUser(User user) {
        Names.word(user.name(), "user name");
        user.groups().forEach(g -> Names.word(g, "group name"));
        if (!userExists(user.name())) {
            String home = user.home().map(h -> "--create-home --home-dir " + io.kubexm.connector.Shell.quote(Names.absolute(h)))
                    .orElse("--no-create-home");
            String groups = user.groups().isEmpty() ? "" : " --groups " + String.join(",", user.groups());
            // The primary group is the user's own: reused when it exists already (often made first, for file ownership).
            String primary = "$(getent group " + user.name() + " >/dev/null && echo --gid " + user.name() + " || echo --user-group)";
            run("useradd " + (user.system() ? "--system " : "") + home + " --shell " + io.kubexm.connector.Shell.quote(user.shell())
                    + " " + primary + groups + " " + user.name(), "create user " + user.name());
            return Change.CHANGED;
        }
        List<String> has = List.of(node.run(Command.of("id -nG " + user.name()).asIdempotent()).stdout().strip().split("\\s+"));
        List<String> missing = user.groups().stream().filter(g -> !has.contains(g)).toList();
        if (missing.isEmpty()) {
            return Change.UNCHANGED;
        }
        run("usermod --append --groups " + String.join(",", missing) + " " + user.name(), "add " + user.name() + " to " + missing);
        return Change.CHANGED;
    }

    public Change removeUser(String name) {
        if (!userExists(name)) {
            return Change.UNCHANGED;
        }
        run("userdel " + name, "remove user " + name);
        return Change.CHANGED;
    }

    public Change removeGroup(String name) {
        if (!groupExists(name)) {
            return Change.UNCHANGED;
        }
        run("groupdel " + name, "remove group " + name);
        return Change.CHANGED;
    }

    private void run(String script, String what) {
        ExecResult r = node.exec(Command.sudo(script));
        if (!r.ok()) {
            throw new RunnerException("cannot " + what + " on node " + node.host().describe() + ": " + r.stderr().strip());
        }
    }
}
