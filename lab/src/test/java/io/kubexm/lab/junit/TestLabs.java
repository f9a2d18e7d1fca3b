package io.kubexm.lab.junit;

import io.kubexm.lab.Lab;
import io.kubexm.lab.LabManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of labs that tests create: {@code kxt<TAG>-<PID>}, the PID (base 36) of the test JVM.
 * Test runs on the same machine (two modules, two developers) never share or tear down each
 * other's labs, and a lab whose JVM is gone (it crashed or was killed) is recognisably stale.
 */
public final class TestLabs {
    private static final Pattern NAME = Pattern.compile("kxt[0-9a-z]{1,2}-([0-9a-z]{1,5})");

    private TestLabs() {
    }

    /** The name for this JVM's lab with {@code tag} (1-2 of [0-9a-z]). */
    public static String name(String tag) {
        String name = "kxt" + tag + "-" + Long.toString(ProcessHandle.current().pid(), 36);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("test lab tag '" + tag + "' must be 1-2 of [0-9a-z]");
        }
        return name;
    }

    /** Removes test labs whose JVM no longer runs; returns their names. */
    public static List<String> removeStale(LabManager manager) {
        List<String> removed = new ArrayList<>();
        for (Lab lab : manager.list()) {
            Matcher m = NAME.matcher(lab.name());
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1), 36)).isEmpty()) {
                manager.down(lab.name());
                removed.add(lab.name());
            }
        }
        return removed;
    }
}
