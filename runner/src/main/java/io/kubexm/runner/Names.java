package io.kubexm.runner;

import java.util.regex.Pattern;

/** Checks for names that end up in shell commands, so that only plain names ever get there. */
final class Names {
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@-]+\\.(service|socket|timer|target|mount|path|slice)");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+:-]*");
    private static final Pattern SYSCTL = Pattern.compile("[a-z0-9_]+([./][A-Za-z0-9_*-]+)+");

    private Names() {
    }

    static String unit(String name) {
        return check(UNIT, name, "systemd unit name (like etcd.service)");
    }

    static String word(String name, String what) {
        return check(WORD, name, what);
    }

    static String sysctl(String key) {
        return check(SYSCTL, key, "sysctl key (like net.ipv4.ip_forward)");
    }

    static String absolute(String path) {
        if (!path.startsWith("/") || path.contains("\n")) {
            throw new IllegalArgumentException("expected an absolute path, got '" + path + "'");
        }
        return path;
    }

    private static String check(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + what);
        }
        return value;
    }
}
