package io.kubexm.api;

/** How kube-vip announces the VIP. */
public enum KubeVipMode implements YamlEnum {
    ARP("ARP"),
    BGP("BGP");

    private final String yaml;

    KubeVipMode(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
