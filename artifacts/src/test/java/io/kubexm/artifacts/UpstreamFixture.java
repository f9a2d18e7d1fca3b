package io.kubexm.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream-shaped release files built from the real binaries of Debian's packages (etcd
 * 3.4, containerd 1.6, runc, CNI plugins, kubectl), laid out at their upstream paths with
 * the checksum files each project publishes beside them.
 */
public final class UpstreamFixture {
    static final String K8S = "v1.32.4";
    static final String ETCD = "v3.4.23";
    static final String CONTAINERD = "v1.6.20";
    static final String RUNC = "v1.1.5";
    static final String CNI = "v1.1.1";

    /**
     * The versions file a user would write to get these versions. kubexm pins upstream's
     * digests of kubectl, containerd and the CNI plugins at these versions; Debian's builds
     * differ, so the file pins the fixture's digests instead (kubectl's only when asked).
     */
    public String versionsFile(boolean pinKubectl) {
        return """
                versions:
                  kubernetes: %s
                  etcd: %s
                  containerd: %s
                  runc: %s
                  cni-plugins: %s
                checksums:
                  containerd: {amd64: {%s: %s}}
                  cni-plugins: {amd64: {%s: %s}}
                """.formatted(K8S, ETCD, CONTAINERD, RUNC, CNI,
                CONTAINERD, digests.get(containerdPath()), CNI, digests.get(cniPath()))
                + (pinKubectl ? "  kubectl: {amd64: {%s: %s}}\n".formatted(K8S, digests.get(kubectlPath())) : "");
    }

    static String kubectlPath() {
        return "dl.k8s.io/release/" + K8S + "/bin/linux/amd64/kubectl";
    }

    static String containerdPath() {
        return "github.com/containerd/containerd/releases/download/" + CONTAINERD + "/containerd-"
                + CONTAINERD.substring(1) + "-linux-amd64.tar.gz";
    }

    static String cniPath() {
        return "github.com/containernetworking/plugins/releases/download/" + CNI + "/cni-plugins-linux-amd64-"
                + CNI + ".tgz";
    }

    /** Upstream path (host/path) to the file's sha256, for every release file built. */
    public final Map<String, String> digests = new TreeMap<>();
    public final Path root;

    private UpstreamFixture(Path root) {
        this.root = root;
    }

    public static UpstreamFixture build(Path root, Path scratch) throws IOException, InterruptedException {
        UpstreamFixture f = new UpstreamFixture(root);
        String kubectl = kubectlPath();
        f.copy(which("kubectl"), kubectl);
        f.sidecar(kubectl, kubectl + ".sha256", false);

        String etcdDir = "etcd-" + ETCD + "-linux-amd64";
        Path etcdStage = scratch.resolve(etcdDir);
        Files.createDirectories(etcdStage);
        Files.copy(which("etcd"), etcdStage.resolve("etcd"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(which("etcdctl"), etcdStage.resolve("etcdctl"), StandardCopyOption.REPLACE_EXISTING);
        String etcdBase = "github.com/etcd-io/etcd/releases/download/" + ETCD + "/";
        f.tar(etcdBase + etcdDir + ".tar.gz", scratch, etcdDir);
        f.write(etcdBase + "SHA256SUMS", f.digests.get(etcdBase + etcdDir + ".tar.gz") + "  " + etcdDir + ".tar.gz\n"
                + "0".repeat(64) + "  etcd-" + ETCD + "-linux-arm64.tar.gz\n");

        Path ctrStage = scratch.resolve("containerd/bin");
        Files.createDirectories(ctrStage);
        for (String b : List.of("containerd", "ctr", "containerd-shim-runc-v2")) {
            Files.copy(which(b), ctrStage.resolve(b), StandardCopyOption.REPLACE_EXISTING);
        }
        String ctr = containerdPath();
        f.tar(ctr, scratch.resolve("containerd"), "bin");
        f.sidecar(ctr, ctr + ".sha256sum", true);

        String runcBase = "github.com/opencontainers/runc/releases/download/" + RUNC + "/";
        f.copy(which("runc"), runcBase + "runc.amd64");
        f.write(runcBase + "runc.sha256sum", f.digests.get(runcBase + "runc.amd64") + " *runc.amd64\n");

        String cni = cniPath();
        f.tar(cni, Path.of("/usr/lib/cni"), ".");
        f.sidecar(cni, cni + ".sha256", true);
        return f;
    }

    Path path(String upstream) {
        return root.resolve(upstream);
    }

    private void copy(Path from, String to) throws IOException {
        Path target = root.resolve(to);
        Files.createDirectories(target.getParent());
        Files.copy(from, target, StandardCopyOption.REPLACE_EXISTING);
        digests.put(to, Digests.sha256(target));
    }

    private void write(String to, String content) throws IOException {
        Path target = root.resolve(to);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
    }

    /** Writes a checksum file the way the project does: bare digest, or digest and name. */
    private void sidecar(String file, String to, boolean withName) throws IOException {
        String name = file.substring(file.lastIndexOf('/') + 1);
        write(to, digests.get(file) + (withName ? "  " + name : "") + "\n");
    }

    private void tar(String to, Path dir, String entry) throws IOException, InterruptedException {
        Path target = root.resolve(to);
        Files.createDirectories(target.getParent());
        run(List.of("tar", "-C", dir.toString(), "-I", "gzip -1", "-cf", target.toString(), entry));
        digests.put(to, Digests.sha256(target));
    }

    static Path which(String binary) throws IOException {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return p.toRealPath();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return p.toRealPath();
            }
        }
        throw new IOException(binary + " not found: run scripts/install-test-deps.sh");
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
