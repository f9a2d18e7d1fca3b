package io.kubexm.ops;

import io.kubexm.api.ClusterConfig;
import io.kubexm.engine.Host;
import io.kubexm.engine.Module;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.engine.Task;
import io.kubexm.ops.build.ClusterBuild;
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
     * The build as a step. The check compares what the build would write with build/NAME without
     * writing anything (a dry run only checks); apply builds. It touches no node.
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
            return new ClusterBuild(Clock.systemUTC()).upToDate(config, confDir, buildRoot.resolve(config.name()));
        }

        @Override
        public void apply(StepContext ctx) {
            ClusterBuild.Result r = new ClusterBuild(Clock.systemUTC()).run(config, confDir, buildRoot.resolve(config.name()));
            ctx.info("built " + r.clusterDir() + ": " + r.issued() + " certificate(s) issued, " + r.reused() + " kept");
        }
    }
}
