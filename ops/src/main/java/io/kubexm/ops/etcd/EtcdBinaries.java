package io.kubexm.ops.etcd;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.ops.Undoable;
import io.kubexm.ops.distribute.BundleFile;
import java.nio.file.Path;

/** etcd and etcdctl from the distributed release archive into /usr/local/bin. */
public record EtcdBinaries(BundleFile archive, Path packagesDir) implements Undoable {
    static final String BIN = "/usr/local/bin";
    static final String ETCD = BIN + "/etcd";
    static final String ETCDCTL = BIN + "/etcdctl";

    @Override
    public String name() {
        return "install-etcd-binaries";
    }

    @Override
    public String describe() {
        return ETCD + ", " + ETCDCTL + " from etcd-" + archive.version() + "-linux-" + archive.arch() + ".tar.gz";
    }

    private String top() {
        return "etcd-" + archive.version() + "-linux-" + archive.arch();
    }

    @Override
    public boolean check(StepContext ctx) {
        String tarball = quote(archive.resolve(packagesDir).remote());
        String script = "for b in etcd etcdctl; do [ -x " + BIN + "/$b ] || exit 1\n"
                + "  [ \"$(tar -xOzf " + tarball + " " + top() + "/$b | sha256sum)\" = \"$(sha256sum < " + BIN + "/$b)\" ] || exit 1; done";
        return Node.of(ctx).test(script);
    }

    @Override
    public void apply(StepContext ctx) {
        Node.of(ctx).shOk("extracting etcd", "tar -xzf " + quote(archive.resolve(packagesDir).remote()) + " -C " + BIN
                + " --no-same-owner --strip-components=1 " + top() + "/etcd " + top() + "/etcdctl && chmod 0755 " + ETCD + " " + ETCDCTL);
    }

    @Override
    public void rollback(StepContext ctx) {
        Node.of(ctx).shOk("removing etcd's binaries", "rm -f " + ETCD + " " + ETCDCTL);
    }

    @Override
    public boolean undone(StepContext ctx) {
        return Node.of(ctx).test("[ ! -e " + ETCD + " ] && [ ! -e " + ETCDCTL + " ]");
    }
}
