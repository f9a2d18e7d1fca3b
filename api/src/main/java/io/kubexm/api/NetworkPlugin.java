package io.kubexm.api;

/** CNI plugin. */
public enum NetworkPlugin implements YamlEnum {
    CALICO("calico"),
    FLANNEL("flannel"),
    CILIUM("cilium"),
    KUBE_ROUTER("kube-router");

    private final String yaml;

    NetworkPlugin(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
