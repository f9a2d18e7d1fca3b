package io.kubexm.api;

/** Download zone: the default upstream locations, or the China mirrors (also set by KXZONE). */
public enum Zone implements YamlEnum {
    DEFAULT(""),
    CN("cn");

    private final String yaml;

    Zone(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
