package io.kubexm.cli;

import io.kubexm.ops.Pipelines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "prepare", description = {
        "download (what build/packages lacks) -> build -> preflight -> node preparation only: the nodes made ready for",
        "Kubernetes, nothing installed yet. delete cluster reverts it."})
final class PrepareCommand implements Callable<Integer> {
    @Mixin
    ClusterFileOptions cluster;

    @Mixin
    RunOptions run;

    @Mixin
    InstallOptions install;

    @Override
    public Integer call() {
        return install.run(cluster, run, Pipelines::prepareNodes);
    }
}
