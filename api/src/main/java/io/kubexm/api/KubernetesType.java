package io.kubexm.api;

/** How the control plane runs: kubeadm static pods, or kubexm binaries under systemd. */
public enum KubernetesType implements YamlEnum {
    KUBEADM("kubeadm"),
    KUBEXM("kubexm");

    private final String yaml;

    KubernetesType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
