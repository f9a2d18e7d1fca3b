package io.kubexm.api;

/** A role a host plays; its spelling is the key under {@code spec.roleGroups}. */
public enum Role implements YamlEnum {
    ETCD("etcd"),
    MASTER("master"),
    WORKER("worker"),
    LOADBALANCER("loadbalancer"),
    REGISTRY("registry");

    private final String yaml;

    Role(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
