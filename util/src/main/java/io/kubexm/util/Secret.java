package io.kubexm.util;

import java.util.Objects;

/**
 * A password, passphrase or token. Its {@link #toString()} never reveals the value, so a
 * secret that slips into a log line, an error or an exception message stays hidden.
 * The value is only reachable through {@link #reveal()}, which call sites can be audited for.
 */
public final class Secret {
    private static final String MASK = "******";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
