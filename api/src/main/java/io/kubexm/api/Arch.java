package io.kubexm.api;

/** CPU architecture of a host. */
public enum Arch implements YamlEnum {
    AMD64("amd64"),
    ARM64("arm64");

    private final String yaml;

    Arch(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
