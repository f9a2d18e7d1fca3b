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
import io.kubexm.ops.download.BundleNeeds;
import io.kubexm.ops.download.UsesBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Bundle files to the nodes whose roles need them (so far: etcd's release archive to the etcd nodes of type kubexm). */
public final class Distribution implements Module<ClusterInput>, UsesBundle {

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

    @Override
    public BundleNeeds bundleNeeds(ClusterInput in) {
        Topology t = in.topology();
        return BundleNeeds.files(t.hosts().stream().flatMap(h -> bundleFiles(t, h).stream())
                .map(f -> new BundleNeeds.File(f.component(), f.version(), f.arch())).collect(Collectors.toSet()));
    }

    static List<Step> files(ClusterInput in, Host h) {
        return bundleFiles(in.topology(), h).stream().<Step>map(f -> new UploadArtifact(f, in.packagesDir())).toList();
    }

    /** What a host receives from the bundle. */
    private static List<BundleFile> bundleFiles(Topology t, Host h) {
        List<BundleFile> files = new ArrayList<>();
        if (t.spec().etcd().type() == EtcdType.KUBEXM && t.has(h, Role.ETCD)) {
            files.add(etcd(t, h));
        }
        return files;
    }

    public static BundleFile etcd(Topology t, Host h) {
        return new BundleFile("etcd", t.spec().etcd().version(), h.arch().yaml());
    }
}
