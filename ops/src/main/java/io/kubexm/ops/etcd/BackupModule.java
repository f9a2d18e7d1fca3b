package io.kubexm.ops.etcd;

import io.kubexm.api.EtcdType;
import io.kubexm.api.Host;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.engine.Module;
import io.kubexm.engine.Task;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.NodeAccess;
import io.kubexm.ops.OpsException;
import java.util.List;

/** {@code kubexm backup}: a snapshot of etcd now, stored under build/NAME/backups/etcd/ on the control node. */
public final class BackupModule implements Module<ClusterInput> {

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public List<Task> tasks(ClusterInput in) {
        Topology t = in.topology();
        if (t.spec().etcd().type() != EtcdType.KUBEXM) {
            throw new OpsException("kubexm backup takes snapshots of etcd of type kubexm; this cluster's etcd is "
                    + t.spec().etcd().type().yaml());
        }
        Host first = t.hosts(Role.ETCD).getFirst();
        return List.of(Task.of("snapshot", List.of(NodeAccess.engineHost(t, first)),
                new Snapshot(EtcdBackupFiles.script(new Etcdctl(first.name(), EtcdModule.endpoint(first)), t.spec().etcd().backup()),
                        in.clusterDir().resolve("backups").resolve("etcd"))));
    }
}
