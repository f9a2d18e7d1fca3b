package io.kubexm.api;

/** How etcd runs: binary under systemd, kubeadm stacked static pod, or the user's own cluster. */
public enum EtcdType implements YamlEnum {
    KUBEXM("kubexm"),
    KUBEADM("kubeadm"),
    EXTERNAL("external");

    private final String yaml;

    EtcdType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
