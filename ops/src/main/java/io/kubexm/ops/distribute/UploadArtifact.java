package io.kubexm.ops.distribute;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.FileOptions;
import io.kubexm.engine.Retry;
import io.kubexm.engine.ServiceKey;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.OpsException;
import io.kubexm.ops.Undoable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Copies a bundle file to a node, verified by sha256 on arrival, skipped when the node already has
 * it. Uploads across all nodes share one bound ({@link #TRANSFERS}) so that a large cluster does not
 * saturate the control node's link.
 */
public record UploadArtifact(BundleFile file, Path packagesDir) implements Undoable {
    /** The run-wide limit on concurrent uploads, attached to every host. */
    public static final ServiceKey<Semaphore> TRANSFERS = ServiceKey.of("transfers", Semaphore.class);

    @Override
    public String name() {
        return "upload-" + file.component();
    }

    @Override
    public String describe() {
        return file.component() + " " + file.version() + " " + file.arch() + " -> " + remoteDir() + "/";
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(15);
    }

    @Override
    public Retry retry() {
        return Retry.times(3, Duration.ofSeconds(2));
    }

    @Override
    public boolean check(StepContext ctx) {
        BundleFile.Resolved r = file.resolve(packagesDir);
        return Node.of(ctx).runner().files().sha256(r.remote()).map(r.sha256()::equals).orElse(false);
    }

    @Override
    public void apply(StepContext ctx) throws InterruptedException {
        Node node = Node.of(ctx);
        BundleFile.Resolved r = file.verified(packagesDir);
        node.shOk("creating " + BundleFile.NODE_DIR, "install -d -m 0700 " + Node.STATE_DIR + " && install -d -m 0755 "
                + quote(r.remote().replaceFirst("/[^/]+$", "")));
        Semaphore transfers = ctx.findService(TRANSFERS).orElseGet(() -> new Semaphore(1));
        transfers.acquire();
        try {
            node.connector().upload(r.local(), r.remote(), FileOptions.defaults());
        } finally {
            transfers.release();
        }
    }

    @Override
    public void verify(StepContext ctx) {
        BundleFile.Resolved r = file.resolve(packagesDir);
        String actual = Node.of(ctx).runner().files().sha256(r.remote()).orElse("(missing)");
        if (!actual.equals(r.sha256())) {
            throw new OpsException(r.remote() + " on node " + Node.of(ctx).describe() + " has sha256 " + actual
                    + " after the upload, expected " + r.sha256() + "; check the node's disk space and run again");
        }
    }

    /** The file's directory on the node; the revert needs no bundle to find it. */
    private String remoteDir() {
        return BundleFile.NODE_DIR + "/" + file.component() + "/" + file.version() + "/" + file.arch();
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).runner().files().remove(remoteDir());
    }

    @Override
    public boolean undone(StepContext ctx) {
        return !Node.of(ctx).runner().files().exists(remoteDir());
    }
}
