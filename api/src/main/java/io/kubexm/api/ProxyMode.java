package io.kubexm.api;

/** kube-proxy mode. */
public enum ProxyMode implements YamlEnum {
    IPVS("ipvs"),
    IPTABLES("iptables");

    private final String yaml;

    ProxyMode(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
