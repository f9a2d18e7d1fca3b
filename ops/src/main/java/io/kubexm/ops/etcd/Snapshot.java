package io.kubexm.ops.etcd;

import io.kubexm.connector.FileOptions;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import java.nio.file.Path;
import java.time.Duration;

/** {@code kubexm backup}: an etcd snapshot on a member, then a copy on the control node. Always runs. */
public record Snapshot(String script, Path localDir) implements Step {

    @Override
    public String name() {
        return "etcd-snapshot";
    }

    @Override
    public String describe() {
        return "etcdctl snapshot save, copied to " + localDir;
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public boolean check(StepContext ctx) {
        return false;
    }

    @Override
    public void apply(StepContext ctx) {
        Node node = Node.of(ctx);
        String remote = node.shOk("taking an etcd snapshot", script).strip().lines().reduce((a, b) -> b).orElseThrow();
        try {
            java.nio.file.Files.createDirectories(localDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + localDir + ": " + e.getMessage(), e);
        }
        Path local = localDir.resolve(remote.substring(remote.lastIndexOf('/') + 1));
        node.connector().download(remote, local, FileOptions.defaults().withMode("0600"));
        ctx.info("etcd snapshot " + remote + " on " + ctx.host().name() + " stored as " + local);
    }

    @Override
    public void verify(StepContext ctx) {
        // The download is verified by sha256 by the connector.
    }
}
