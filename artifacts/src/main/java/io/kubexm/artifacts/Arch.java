package io.kubexm.artifacts;

import java.util.Arrays;
import java.util.Locale;

/** A CPU architecture as Kubernetes names it, with the kernel's name some URLs use. */
public enum Arch {
    AMD64("amd64", "x86_64"),
    ARM64("arm64", "aarch64");

    private final String id;
    private final String uname;

    Arch(String id, String uname) {
        this.id = id;
        this.uname = uname;
    }

    public String id() {
        return id;
    }

    public String uname() {
        return uname;
    }

    /** Accepts either spelling: amd64 or x86_64, arm64 or aarch64. */
    public static Arch parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.id.equals(t) || a.uname.equals(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown architecture '" + text + "': use amd64 or arm64"));
    }

    @Override
    public String toString() {
        return id;
    }
}
