package io.kubexm.templates;

import java.util.List;

/**
 * `etcd/etcd.env`: one member's settings as etcd's `ETCD_*` variables (read by the unit). It
 * advertises {@code clientUrl} and listens for clients on every one of {@code listenClientUrls}.
 */
public record EtcdEnvView(
        String name,
        String dataDir,
        String clientUrl,
        List<String> listenClientUrls,
        String peerUrl,
        String initialCluster,
        String initialClusterToken,
        String caFile,
        String certFile,
        String keyFile,
        List<Variable> extra) implements TemplateView {

    /** A user-supplied `etcd.extraArgs` entry, already in its `ETCD_*` spelling. */
    public record Variable(String name, String value) {
    }

    public EtcdEnvView {
        listenClientUrls = List.copyOf(listenClientUrls);
        extra = List.copyOf(extra);
    }

    @Override
    public String template() {
        return "etcd/etcd.env";
    }
}
