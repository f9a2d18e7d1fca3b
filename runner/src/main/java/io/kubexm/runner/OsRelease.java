package io.kubexm.runner;

import java.util.HashMap;
import java.util.Map;

/**
 * The parts of os-release(5) kubexm uses. The file is shell-like {@code KEY=value} lines whose
 * values are bare, "double quoted" (with backslash escapes) or 'single quoted'.
 *
 * @param id        {@code ID}, lower case ({@code rocky}, {@code ubuntu}, {@code kylin}, ...); {@code linux} when absent
 * @param versionId {@code VERSION_ID} ({@code 9.3}, {@code 22.04}, {@code V10}); {@code unknown} when absent
 */
public record OsRelease(String id, String versionId) {

    public static OsRelease parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        // os-release(5): ID defaults to "linux"
        return new OsRelease(values.getOrDefault("ID", "linux"), values.getOrDefault("VERSION_ID", "unknown"));
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
