package io.kubexm.engine;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A machine steps run on, as the engine sees it: a name and opaque attributes (address,
 * roles, ...) that only the layer above interprets. Attributes appear in plans and logs,
 * so they must never hold a secret.
 *
 * <p>Steps that act on the control node (the machine kubexm runs on) use
 * {@link #controlNode()}.
 */
public record Host(String name, Map<String, String> attributes) {
    public static final String CONTROL_NODE = "control-node";

    public Host {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a host needs a name");
        }
        attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    public static Host of(String name) {
        return new Host(name, Map.of());
    }

    public static Host controlNode() {
        return of(CONTROL_NODE);
    }

    public Host with(String attribute, String value) {
        Map<String, String> copy = new TreeMap<>(attributes);
        copy.put(attribute, value);
        return new Host(name, copy);
    }

    @Override
    public String toString() {
        return name;
    }
}
