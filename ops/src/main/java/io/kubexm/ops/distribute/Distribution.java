package io.kubexm.ops.distribute;

import io.kubexm.api.EtcdType;
import io.kubexm.api.Host;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.engine.Module;
import io.kubexm.engine.Step;
import io.kubexm.engine.Task;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.NodeAccess;
import java.util.ArrayList;
import java.util.List;

/** Bundle files to the nodes whose roles need them (so far: etcd's release archive to the etcd nodes of type kubexm). */
public final class Distribution implements Module<ClusterInput> {

    @Override
    public String name() {
        return "distribute";
    }

    @Override
    public List<Task> tasks(ClusterInput in) {
        Topology t = in.topology();
        List<Host> hosts = t.hosts().stream().filter(h -> !files(in, h).isEmpty()).toList();
        if (hosts.isEmpty()) {
            return List.of();
        }
        return List.of(Task.perHost("upload", NodeAccess.engineHosts(t, hosts),
                host -> files(in, t.host(host.name()).orElseThrow())));
    }

    static List<Step> files(ClusterInput in, Host h) {
        Topology t = in.topology();
        List<Step> steps = new ArrayList<>();
        if (t.spec().etcd().type() == EtcdType.KUBEXM && t.has(h, Role.ETCD)) {
            steps.add(new UploadArtifact(etcd(t, h), in.packagesDir()));
        }
        return steps;
    }

    public static BundleFile etcd(Topology t, Host h) {
        return new BundleFile("etcd", t.spec().etcd().version(), h.arch().yaml());
    }
}
