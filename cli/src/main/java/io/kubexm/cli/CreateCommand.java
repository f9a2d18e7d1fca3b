package io.kubexm.cli;

import io.kubexm.ops.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create", description = "Create things.", subcommands = CreateCommand.Cluster.class)
final class CreateCommand {

    @Command(name = "cluster", description = {
            "download (what build/packages lacks) -> build -> preflight -> node preparation -> distribution -> etcd",
            "on the nodes of cluster.yaml. Resumable (--resume); a second run changes nothing and says so."})
    static final class Cluster implements Callable<Integer> {
        @Mixin
        ClusterFileOptions cluster;

        @Mixin
        RunOptions run;

        @Mixin
        InstallOptions install;

        @Override
        public Integer call() {
            return install.run(cluster, run, Pipelines::createCluster);
        }
    }
}
