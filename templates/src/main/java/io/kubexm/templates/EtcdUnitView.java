package io.kubexm.templates;

/** `etcd/etcd.service`: the systemd unit; every setting comes from the environment file. */
public record EtcdUnitView(String binary, String environmentFile) implements TemplateView {
    @Override
    public String template() {
        return "etcd/etcd.service";
    }
}
