package io.kubexm.ops;

import io.kubexm.engine.Module;
import io.kubexm.engine.Pipeline;
import io.kubexm.engine.Plan;
import io.kubexm.engine.Planner;
import io.kubexm.ops.distribute.Distribution;
import io.kubexm.ops.download.DownloadModule;
import io.kubexm.ops.download.DownloadPolicy;
import io.kubexm.ops.etcd.BackupModule;
import io.kubexm.ops.etcd.EtcdModule;
import io.kubexm.ops.nodeprep.NodePrep;
import io.kubexm.ops.preflight.Preflight;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The cluster pipelines kubexm runs. */
public final class Pipelines {
    private Pipelines() {
    }

    /** The modules of create cluster that change nodes, in order. */
    private static List<Module<ClusterInput>> installing() {
        return List.of(new NodePrep(), new Distribution(), new EtcdModule());
    }

    /**
     * The plan {@code kubexm plan} shows: modules with nothing to do on this topology (etcd and its
     * distribution when kubeadm runs etcd, say) are left out rather than listed empty.
     */
    public static Plan plan(Pipeline<ClusterInput> pipeline, ClusterInput input) {
        Plan plan = Planner.plan(pipeline, input);
        return new Plan(plan.pipeline(), plan.hosts(), plan.modules().stream().filter(m -> !m.tasks().isEmpty()).toList());
    }

    /** download (what the bundle lacks, upstream) → build → preflight → node preparation → distribution → etcd. */
    public static Pipeline<ClusterInput> createCluster() {
        return createCluster(DownloadPolicy.online());
    }

    /** download (what the bundle lacks, as {@code policy} allows) → build → preflight → node preparation → distribution → etcd. */
    public static Pipeline<ClusterInput> createCluster(DownloadPolicy policy) {
        List<Module<ClusterInput>> modules = new ArrayList<>(List.of(new BuildModule(), new Preflight()));
        modules.addAll(installing());
        return new Pipeline<>("create-cluster", withDownload(policy, modules));
    }

    /** download → build → preflight → node preparation: the nodes made ready, nothing of the cluster installed yet. */
    public static Pipeline<ClusterInput> prepareNodes(DownloadPolicy policy) {
        return new Pipeline<>("prepare-nodes", withDownload(policy, List.of(new BuildModule(), new Preflight(), new NodePrep())));
    }

    /** A download stage first, for what the modules take from the bundle. */
    private static List<Module<ClusterInput>> withDownload(DownloadPolicy policy, List<Module<ClusterInput>> modules) {
        List<Module<ClusterInput>> all = new ArrayList<>(List.of(new DownloadModule(policy, modules)));
        all.addAll(modules);
        return all;
    }

    /** Everything create installed, stopped and removed, and node preparation reverted: create's steps backwards. */
    public static Pipeline<ClusterInput> deleteCluster() {
        List<Module<ClusterInput>> modules = new ArrayList<>();
        installing().forEach(m -> modules.add(new Reverted(m)));
        Collections.reverse(modules);
        return new Pipeline<>("delete-cluster", modules);
    }

    /** An etcd snapshot now, copied to build/NAME/backups/etcd/. */
    public static Pipeline<ClusterInput> backup() {
        return new Pipeline<>("backup", List.of(new BackupModule()));
    }
}
