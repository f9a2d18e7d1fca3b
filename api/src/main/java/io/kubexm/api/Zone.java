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

    /** KXZONE=cn selects the China mirrors; anything else (or nothing), the upstream ones. */
    public static Zone fromEnv(String value) {
        return "cn".equalsIgnoreCase(value == null ? "" : value.trim()) ? CN : DEFAULT;
    }
}
