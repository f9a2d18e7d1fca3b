package io.kubexm.api;

/** {@code spec.runtime}; version and data directory default by runtime type. */
public record RuntimeSpec(RuntimeType type, @Derived String version, @Derived String dataDir) {

    public RuntimeSpec {
        if (version.isEmpty()) {
            version = type.defaultVersion();
        }
        if (dataDir.isEmpty()) {
            dataDir = type.defaultDataDir();
        }
    }

    static RuntimeSpec defaults() {
        return new RuntimeSpec(RuntimeType.CONTAINERD, "", "");
    }
}
