package io.kubexm.connector;

/** POSIX shell quoting for the commands the connectors compose. */
public final class Shell {
    private Shell() {
    }

    /** Quotes {@code value} as one word for {@code sh}: {@code it's} becomes {@code 'it'\''s'}. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The first line of a command, shortened, for error messages. */
    static String summary(String script) {
        String line = script.strip().lines().findFirst().orElse("");
        boolean more = line.length() > 100 || script.strip().lines().count() > 1;
        return (line.length() > 100 ? line.substring(0, 100) : line) + (more ? " ..." : "");
    }
}
