package io.kubexm.api;

/** Load balancer software; kubexm-kh is keepalived + haproxy, kubexm-kn keepalived + nginx, external a user-provided VIP. */
public enum LoadBalancerType implements YamlEnum {
    HAPROXY("haproxy"),
    NGINX("nginx"),
    KUBEXM_KH("kubexm-kh"),
    KUBEXM_KN("kubexm-kn"),
    EXTERNAL("external");

    private final String yaml;

    LoadBalancerType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
