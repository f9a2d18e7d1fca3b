package io.kubexm.lab;

import java.util.regex.Pattern;

/**
 * What a user asks for: a lab called {@code name} of {@code nodes} nodes running {@code os},
 * built from the Debian mirror {@code mirror} when the root file system cache is missing.
 */
public record LabSpec(String name, int nodes, LabOs os, String mirror) {
    public static final String DEFAULT_NAME = "lab";
    public static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    /** Node addresses are .11 upwards in a /24, as in examples/cluster.yaml. */
    public static final int MAX_NODES = 200;
    /** The bridge is called kxl-NAME and a Linux interface name holds 15 characters. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,9}[a-z0-9])?");

    public LabSpec {
        requireValidName(name);
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("a lab has 1 to " + MAX_NODES + " nodes, not " + nodes);
        }
        if (!mirror.startsWith("http://") && !mirror.startsWith("https://") && !mirror.startsWith("file:/")) {
            throw new IllegalArgumentException("the mirror must be an http(s):// or file:/ URL, not '" + mirror + "'");
        }
    }

    public static LabSpec of(String name, int nodes) {
        return new LabSpec(name, nodes, LabOs.DEBIAN12, DEFAULT_MIRROR);
    }

    static void requireValidName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("lab name '" + name + "' must be 1 to 11 lower-case letters, digits"
                    + " or '-', starting and ending with a letter or digit (it names the bridge kxl-NAME)");
        }
    }
}
