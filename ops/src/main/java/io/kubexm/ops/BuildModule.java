package io.kubexm.ops;

import io.kubexm.api.ClusterConfig;
import io.kubexm.engine.Host;
import io.kubexm.engine.Module;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.engine.Task;
import io.kubexm.ops.build.ClusterBuild;
import io.kubexm.ops.build.NodeSummary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** {@code kubexm build} as the first module of create cluster: every node's files under build/NAME, on the control node. */
public final class BuildModule implements Module<ClusterInput> {

    @Override
    public String name() {
        return "build";
    }

    @Override
    public List<Task> tasks(ClusterInput in) {
        return List.of(Task.of("build", List.of(Host.controlNode()), new BuildFiles(in.config(), in.confDir(), in.buildRoot())));
    }

    /**
     * Runs the build. The build only writes files whose bytes differ, so the check is the build itself:
     * unchanged when it wrote nothing. It touches no node, so it also runs in a dry run.
     */
    record BuildFiles(ClusterConfig config, Path confDir, Path buildRoot) implements Step {
        @Override
        public String name() {
            return "build-files";
        }

        @Override
        public String describe() {
            return "certificates and configuration of every node under " + buildRoot.resolve(config.name());
        }

        @Override
        public boolean check(StepContext ctx) {
            ClusterBuild.Result r = new ClusterBuild(Clock.systemUTC()).run(config, confDir, buildRoot.resolve(config.name()));
            boolean untouched = r.nodes().stream().allMatch(NodeSummary::untouched) && r.issued() == 0;
            if (!untouched) {
                ctx.info("built " + r.clusterDir() + ": " + r.issued() + " certificate(s) issued, " + r.reused() + " kept");
            }
            return untouched;
        }

        @Override
        public void apply(StepContext ctx) {
            // check() has built already; verify() builds again and must find nothing left to write.
        }
    }
}
