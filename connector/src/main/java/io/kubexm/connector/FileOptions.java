package io.kubexm.connector;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mode and owner a transferred file gets, and whether root writes it (through sudo for
 * non-root users). {@code owner} is {@code user} or {@code user:group}.
 */
public record FileOptions(String mode, Optional<String> owner, boolean sudo) {
    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?");

    public FileOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(owner, "owner");
        if (!MODE.matcher(mode).matches()) {
            throw new IllegalArgumentException("file mode must be octal like 0644, got '" + mode + "'");
        }
        owner.ifPresent(o -> {
            if (!OWNER.matcher(o).matches()) {
                throw new IllegalArgumentException("file owner must be user or user:group, got '" + o + "'");
            }
        });
    }

    /** Mode 0644, owner unchanged, written by root. */
    public static FileOptions defaults() {
        return new FileOptions("0644", Optional.empty(), true);
    }

    public FileOptions withMode(String newMode) {
        return new FileOptions(newMode, owner, sudo);
    }

    public FileOptions withOwner(String newOwner) {
        return new FileOptions(mode, Optional.of(newOwner), sudo);
    }

    public FileOptions asLoginUser() {
        return new FileOptions(mode, owner, false);
    }
}
