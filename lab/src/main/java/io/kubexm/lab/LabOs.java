package io.kubexm.lab;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The operating systems a lab node can run: Debian releases debootstrap can build. */
public enum LabOs {
    DEBIAN12("debian12", "bookworm"),
    DEBIAN11("debian11", "bullseye");

    private final String id;
    private final String suite;

    LabOs(String id, String suite) {
        this.id = id;
        this.suite = suite;
    }

    public String id() {
        return id;
    }

    /** The Debian suite name debootstrap is given. */
    public String suite() {
        return suite;
    }

    public static LabOs parse(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown lab OS '" + id + "'; choose one of "
                        + Arrays.stream(values()).map(LabOs::id).collect(Collectors.joining(", "))));
    }
}
