package io.kubexm.api;

/** Private registry: docker distribution or harbor on the registry node, an external one, or none. */
public enum RegistryType implements YamlEnum {
    REGISTRY("registry"),
    HARBOR("harbor"),
    EXTERNAL("external"),
    NONE("none");

    private final String yaml;

    RegistryType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
