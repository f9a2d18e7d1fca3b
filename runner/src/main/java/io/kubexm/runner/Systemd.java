package io.kubexm.runner;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import io.kubexm.connector.FileOptions;
import java.util.Optional;

/** systemd units on a node: files, reload, enable, start/stop and health with the journal on failure. */
public final class Systemd {
    public static final String UNIT_DIR = "/etc/systemd/system";
    private final Connector node;
    private final RemoteFiles files;
    private final String unitDir;

    public Systemd(Connector node) {
        this(node, UNIT_DIR);
    }

    /** Units written under {@code unitDir} instead of /etc/systemd/system (tests, alternative roots). */
    public Systemd(Connector node, String unitDir) {
        this.node = node;
        this.files = new RemoteFiles(node);
        this.unitDir = Names.absolute(unitDir);
    }

    public Change writeUnit(String unit, String content) {
        return files.write(unitDir + "/" + Names.unit(unit), content, FileOptions.defaults());
    }

    /** Writes {@code UNIT.d/NAME.conf}, the way to change a unit we do not own. */
    public Change writeDropIn(String unit, String name, String content) {
        String dir = unitDir + "/" + Names.unit(unit) + ".d";
        return files.mkdir(dir, "0755", Optional.empty())
                .and(files.write(dir + "/" + Names.word(name, "drop-in name") + ".conf", content, FileOptions.defaults()));
    }

    public void daemonReload() {
        systemctl("daemon-reload");
    }

    public Change enable(String unit) {
        if (node.exec(Command.sudo("systemctl is-enabled --quiet " + Names.unit(unit)).asIdempotent()).ok()) {
            return Change.UNCHANGED;
        }
        systemctl("enable " + unit);
        return Change.CHANGED;
    }

    public Change disable(String unit) {
        if (!node.exec(Command.sudo("systemctl is-enabled --quiet " + Names.unit(unit)).asIdempotent()).ok()) {
            return Change.UNCHANGED;
        }
        systemctl("disable " + unit);
        return Change.CHANGED;
    }

    /** Starts the unit unless it is active, then checks that it is. */
    public Change start(String unit) {
        if (isActive(unit)) {
            return Change.UNCHANGED;
        }
        systemctlOrExplain("start", unit);
        ensureActive(unit);
        return Change.CHANGED;
    }

    public void restart(String unit) {
        systemctlOrExplain("restart", Names.unit(unit));
        ensureActive(unit);
    }

    public Change stop(String unit) {
        if (!isActive(unit)) {
            return Change.UNCHANGED;
        }
        systemctl("stop " + unit);
        return Change.CHANGED;
    }

    public boolean isActive(String unit) {
        return node.exec(Command.sudo("systemctl is-active --quiet " + Names.unit(unit)).asIdempotent()).ok();
    }

    /** Fails with the unit's status and the end of its journal unless it is active. */
    public void ensureActive(String unit) {
        if (!isActive(unit)) {
            throw new RunnerException(unit + " is not active on node " + node.host().describe() + ":\n" + diagnosis(unit)
                    + "\nfix the cause shown above, then run again");
        }
    }

    private void systemctlOrExplain(String verb, String unit) {
        ExecResult r = node.exec(Command.sudo("systemctl " + verb + " " + Names.unit(unit)));
        if (!r.ok()) {
            throw new RunnerException("systemctl " + verb + " " + unit + " failed on node " + node.host().describe() + ": "
                    + r.stderr().strip() + "\n" + diagnosis(unit) + "\nfix the cause shown above, then run again");
        }
    }

    /** {@code systemctl status} and the last 30 journal lines of the unit. */
    String diagnosis(String unit) {
        String u = Names.unit(unit);
        ExecResult r = node.exec(Command.sudo("systemctl status --no-pager --lines=0 " + u + " 2>&1 | head -n 20;"
                + " echo '--- journal (last 30 lines) ---'; journalctl --no-pager --unit=" + u + " --lines=30 2>&1").asIdempotent());
        return r.stdout().strip();
    }

    private void systemctl(String args) {
        ExecResult r = node.exec(Command.sudo("systemctl " + args));
        if (!r.ok()) {
            throw new RunnerException("systemctl " + args + " failed on node " + node.host().describe() + ": " + r.stderr().strip());
        }
    }
}
