package io.kubexm.api;

/** Where the control-plane load balancer runs (see MISSION.md deployment matrix). */
public enum LoadBalancerMode implements YamlEnum {
    INTERNAL("internal"),
    EXTERNAL("external"),
    KUBE_VIP("kube-vip");

    private final String yaml;

    LoadBalancerMode(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
