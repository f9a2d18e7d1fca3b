package io.kubexm.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The root file system every node of a lab shares read-only (nodes are overlays on it). It is
 * built once per OS with debootstrap from a Debian mirror and reused by every later lab. The
 * packages kubexm's steps use are installed in it with their services disabled, so nodes boot
 * fast and a step that enables a service does real work.
 */
final class RootfsCache {
    /** Bumped whenever the package list or the preparation changes: a new version is a new directory. */
    static final String VERSION = "v1";
    /** What debootstrap installs: enough to boot systemd and to reach the node over SSH. */
    static final List<String> BOOT_PACKAGES = List.of("systemd", "systemd-sysv", "dbus", "openssh-server", "sudo",
            "iproute2", "iputils-ping", "procps", "ca-certificates", "curl", "kmod", "less");
    /** What lab scenarios need: installed once here instead of downloaded in every test. */
    static final List<String> SCENARIO_PACKAGES = List.of("etcd-server", "etcd-client", "haproxy", "nginx",
            "libnginx-mod-stream", "keepalived", "chrony", "containerd", "runc", "iptables", "conntrack", "socat",
            "ipset", "ipvsadm", "ebtables", "ethtool", "tcpdump", "iputils-arping", "openssl", "netcat-openbsd", "jq");
    /** Units the packages enable on install; a node starts with only systemd basics and sshd running. */
    static final List<String> DISABLED_UNITS = List.of("chrony.service", "containerd.service", "etcd.service",
            "haproxy.service", "keepalived.service", "nginx.service", "ipvsadm.service", "e2scrub_reap.service",
            "apt-daily.timer", "apt-daily-upgrade.timer", "dpkg-db-backup.timer", "e2scrub_all.timer", "fstrim.timer");
    private static final String READY = "ready";
    /** Where debootstrap builds; moved to rootfs when complete. */
    private static final String TMP = "rootfs.tmp";

    private final Path root;
    private final HostCommands host;
    private final NodeProcesses processes;
    private final Consumer<String> progress;

    RootfsCache(Path cacheRoot, HostCommands host, NodeProcesses processes, Consumer<String> progress) {
        this.root = cacheRoot;
        this.host = host;
        this.processes = processes;
        this.progress = progress;
    }

    Path dir(LabOs os) {
        return root.resolve(os.id() + "-" + VERSION);
    }

    Path rootfs(LabOs os) {
        return dir(os).resolve("rootfs");
    }

    /** The cached root file system of {@code os}, built first when there is none. */
    Path ensure(LabOs os, String mirror) {
        Path dir = dir(os);
        if (ready(os)) {
            return rootfs(os);
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.lock(); // released when the channel closes
                if (!ready(os)) { // another process may have built it while we waited
                    build(os, mirror, dir);
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot build the lab root file system cache in " + dir + ": " + e.getMessage(), e);
        }
        return rootfs(os);
    }

    boolean ready(LabOs os) {
        return Files.exists(dir(os).resolve(READY)) && Files.isDirectory(rootfs(os).resolve("etc"));
    }

    /**
     * Removes what a build that did not finish left in the cache directory of {@code os}, so the
     * next build starts clean: the debootstrap target, a root file system without its ready
     * marker (a crash between moving it into place and writing the marker, or an interrupted
     * removal: it cannot be trusted) and a marker without its root file system.
     */
    void discardUnfinishedBuild(LabOs os) throws IOException {
        Path dir = dir(os);
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains("lowerdir=" + rootfs(os))) {
            throw new LabException("the lab cache " + dir + " lacks its ready marker or root file system but labs are"
                    + " mounted on it; `kubexm lab down` them, then `kubexm lab up` rebuilds the cache");
        }
        deleteTree(dir.resolve(TMP));
        deleteTree(rootfs(os));
        Files.deleteIfExists(dir.resolve(READY));
    }

    private void build(LabOs os, String mirror, Path dir) throws IOException {
        discardUnfinishedBuild(os);
        Path tmp = dir.resolve(TMP);
        long started = System.nanoTime();
        progress.accept("building the " + os.id() + " root file system cache in " + dir + " from " + mirror
                + " (once; later labs reuse it)");
        String step = "building the " + os.id() + " lab cache";
        host.check(step + " (debootstrap from " + mirror + "; check the mirror is reachable or pass --mirror)",
                List.of("debootstrap", "--variant=minbase", "--include=" + String.join(",", BOOT_PACKAGES),
                        os.suite(), tmp.toString(), mirror));
        // Package scripts must not start services on this machine while the cache is built.
        Path policy = tmp.resolve("usr/sbin/policy-rc.d");
        Files.writeString(policy, "#!/bin/sh\nexit 101\n");
        policy.toFile().setExecutable(true);
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(SCENARIO_PACKAGES);
        String script = "set -e; apt-get update -q; " + String.join(" ", install) + "; apt-get clean; "
                + "systemctl disable " + String.join(" ", DISABLED_UNITS);
        String group = "kxcache-" + os.id();
        try {
            host.check(step + " (installing " + String.join(" ", SCENARIO_PACKAGES) + ")", processes.inOwnCgroup(group,
                    List.of("systemd-nspawn", "--quiet", "--register=no", "--keep-unit", "--directory=" + tmp,
                            "--setenv=DEBIAN_FRONTEND=noninteractive", "sh", "-c", script)));
        } finally {
            processes.removeCgroups(group);
        }
        Files.delete(policy);
        // Every node gets its own host keys and machine id when it is created.
        try (Stream<Path> keys = Files.list(tmp.resolve("etc/ssh"))) {
            for (Path k : keys.filter(k -> k.getFileName().toString().startsWith("ssh_host_")).toList()) {
                Files.delete(k);
            }
        }
        Files.writeString(tmp.resolve("etc/machine-id"), "");
        Files.move(tmp, rootfs(os));
        Files.writeString(dir.resolve(READY), "built from " + mirror + "\n");
        progress.accept("cache ready in " + Math.round((System.nanoTime() - started) / 1e9) + " s");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
