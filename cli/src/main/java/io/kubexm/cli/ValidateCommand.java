package io.kubexm.cli;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterSpec;
import io.kubexm.api.LoadBalancerMode;
import io.kubexm.api.LoadBalancerSpec;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.api.Validation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = {
        "Check a cluster.yaml without touching any host: every problem at once, as FILE:LINE:COLUMN with a hint.",
        "Exit 0 when valid (warnings allowed), 2 when not."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ClusterFileOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = cluster.path();
        Optional<Validation> result = ConfigFiles.validate(file, err);
        if (result.isEmpty() || !result.get().ok()) {
            return Main.EXIT_INVALID;
        }
        Validation v = result.get();
        out.println(file + ": valid" + (v.warnings().isEmpty() ? "" : " (" + ConfigFiles.count(v.warnings().size(), "warning") + ")"));
        summary(Topology.of(v.config().orElseThrow()), out);
        return Main.EXIT_OK;
    }

    /** What the config amounts to, in the terms of MISSION.md's deployment matrix. */
    static void summary(Topology t, PrintWriter out) {
        ClusterConfig config = t.config();
        ClusterSpec s = t.spec();
        out.printf("  cluster %s: kubernetes %s (%s), etcd %s%n", config.name(), s.kubernetes().version(),
                s.kubernetes().type().yaml(), etcd(t));
        out.printf("  %d master(s), %d worker(s); control plane at %s -> %s%n", t.hosts(Role.MASTER).size(),
                t.hosts(Role.WORKER).size(), t.controlPlaneEndpoint().url(), t.controlPlaneEndpoint().address());
        out.printf("  load balancer: %s%n", loadBalancer(t));
        out.printf("  runtime %s %s%s; network %s, pods %s, services %s, cluster DNS %s%n", s.runtime().type().yaml(),
                s.runtime().version(), t.usesCriDockerd() ? " through cri-dockerd" : "", s.network().plugin().yaml(),
                s.network().podCIDR(), s.network().serviceCIDR(), t.clusterDnsIp());
    }

    private static String etcd(Topology t) {
        if (t.etcdExternal()) {
            return "external (" + String.join(", ", t.etcdEndpoints()) + ")";
        }
        return t.spec().etcd().type().yaml() + (t.etcdStacked() ? " stacked" : "") + " on "
                + String.join(", ", t.hosts(Role.ETCD).stream().map(h -> h.name()).toList());
    }

    private static String loadBalancer(Topology t) {
        LoadBalancerSpec lb = t.spec().loadbalancer();
        if (!lb.enabled()) {
            return "none";
        }
        return switch (lb.mode()) {
            case INTERNAL -> "internal " + lb.type().yaml() + " on 127.0.0.1 of " + t.internalProxyHosts().size()
                    + " worker(s), as " + (t.internalProxyAsStaticPod() ? "static pods" : "systemd services");
            case EXTERNAL -> "external " + lb.type().yaml() + ", VIP " + lb.vip()
                    + (t.hosts(Role.LOADBALANCER).isEmpty() ? "" : " on " + t.hosts(Role.LOADBALANCER).size() + " host(s)");
            case KUBE_VIP -> "kube-vip (" + lb.kubeVipMode().yaml() + ") on the masters, VIP " + lb.vip() + " on "
                    + lb.networkInterface();
        };
    }
}
