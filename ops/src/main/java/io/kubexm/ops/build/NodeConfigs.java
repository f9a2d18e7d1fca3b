package io.kubexm.ops.build;

import io.kubexm.api.EtcdType;
import io.kubexm.api.ExtraSpec;
import io.kubexm.api.Host;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.templates.EtcdEnvView;
import io.kubexm.templates.EtcdUnitView;
import io.kubexm.templates.HostsBlockView;
import io.kubexm.templates.TemplateRenderer;
import io.kubexm.templates.TemplateView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The rendered configuration files of each node: etcd's unit and settings, the /etc/hosts block. */
public final class NodeConfigs {
    public static final String ETCD_BINARY = "/usr/local/bin/etcd";
    public static final String ETCD_UNIT = "/etc/systemd/system/etcd.service";
    public static final String ETCD_ENV = "/etc/etcd.env";

    private final Topology topology;
    private final TemplateRenderer renderer;

    public NodeConfigs(Topology topology, TemplateRenderer renderer) {
        this.topology = topology;
        this.renderer = renderer;
    }

    public List<NodeFile> files() {
        // Most nodes share a view (all workers see the same hosts block): render each distinct one once.
        Map<TemplateView, String> rendered = new HashMap<>();
        Function<TemplateView, String> render = view -> rendered.computeIfAbsent(view, renderer::render);
        List<NodeFile> files = new ArrayList<>();
        // etcd of type kubeadm is a static pod kubeadm writes itself; external is the user's.
        if (topology.spec().etcd().type() == EtcdType.KUBEXM) {
            for (Host h : topology.hosts(Role.ETCD)) {
                files.add(NodeFile.of(h.name(), ETCD_UNIT, NodeFile.PUBLIC,
                        render.apply(new EtcdUnitView(ETCD_BINARY, ETCD_ENV))));
                files.add(NodeFile.of(h.name(), ETCD_ENV, NodeFile.PUBLIC, render.apply(etcdEnv(h))));
            }
        }
        for (Host h : topology.hosts()) {
            files.add(new NodeFile(h.name(), "/etc/hosts", NodeFile.PUBLIC, "root:root", NodeFile.Kind.BLOCK,
                    render.apply(hostsBlock(h)).getBytes(StandardCharsets.UTF_8)));
        }
        return files;
    }

    private EtcdEnvView etcdEnv(Host h) {
        String ip = h.internalAddress().contains(":") ? "[" + h.internalAddress() + "]" : h.internalAddress();
        String ssl = ClusterPki.ETCD_SSL;
        List<EtcdEnvView.Variable> extra = topology.spec().etcd().extraArgs().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new EtcdEnvView.Variable(envName(e.getKey()), e.getValue()))
                .toList();
        String clientUrl = "https://" + ip + ":" + Topology.ETCD_CLIENT_PORT;
        // Loopback too, for clients on the node itself (etcdctl, a local API server), as kubeadm's etcd does.
        String loopback = "https://127.0.0.1:" + Topology.ETCD_CLIENT_PORT;
        List<String> listen = clientUrl.equals(loopback) ? List.of(clientUrl) : List.of(clientUrl, loopback);
        return new EtcdEnvView(h.name(), topology.spec().etcd().dataDir(), clientUrl, listen,
                "https://" + ip + ":" + Topology.ETCD_PEER_PORT,
                topology.etcdInitialCluster(), topology.config().name() + "-etcd",
                ssl + "/ca.pem", ssl + "/member-" + h.name() + ".pem", ssl + "/member-" + h.name() + "-key.pem", extra);
    }

    /** `quota-backend-bytes` (or `--quota-backend-bytes`) is read by etcd as ETCD_QUOTA_BACKEND_BYTES. */
    static String envName(String flag) {
        return "ETCD_" + flag.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Every host by name and FQDN, the control-plane domain as this node must reach it (VIP, own API
     * server, 127.0.0.1 proxy or first master), then the user's extra entries.
     */
    private HostsBlockView hostsBlock(Host node) {
        String dnsDomain = topology.spec().kubernetes().dnsDomain();
        List<HostsBlockView.Entry> entries = new ArrayList<>();
        for (Host h : topology.hosts()) {
            entries.add(new HostsBlockView.Entry(h.internalAddress(), List.of(h.name(), h.name() + "." + dnsDomain)));
        }
        entries.add(new HostsBlockView.Entry(topology.apiServerAddressFor(node),
                List.of(topology.controlPlaneEndpoint().domain())));
        for (ExtraSpec.HostEntry e : topology.spec().extra().hosts()) {
            entries.add(new HostsBlockView.Entry(e.address(), List.of(e.domain())));
        }
        return new HostsBlockView(entries);
    }
}
