package io.kubexm.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Creates, inspects, disturbs and removes labs: sets of systemd-nspawn nodes on a bridge of
 * their own, booted from overlays on a shared cached root file system.
 */
public final class LabManager {
    private static final String STATE_FILE = "lab.json";
    private static final List<String> TOOLS = List.of("systemd-nspawn", "debootstrap", "ip", "nsenter", "mount",
            "umount", "setsid", "ssh", "ssh-keygen", "iptables", "tc", "timeout");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

    private final LabSettings settings;
    private final Consumer<String> progress;
    private final HostCommands host = new HostCommands();
    private final LabNetwork network = new LabNetwork(host);
    private final NodeProcesses processes = new NodeProcesses();
    private final RootfsCache cache;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final boolean root;

    public LabManager(LabSettings settings, Consumer<String> progress) {
        this(settings, progress, runsAsRoot());
    }

    /** {@code root}: whether this process runs as root, which every lab operation needs. */
    LabManager(LabSettings settings, Consumer<String> progress, boolean root) {
        this.settings = settings;
        this.progress = progress;
        this.root = root;
        this.cache = new RootfsCache(settings.cacheRoot(), host, processes, progress);
    }

    // ---------------------------------------------------------------- up

    /**
     * The cached root file system of {@code os}, built from {@code mirror} when there is none yet; true when it
     * was built now. Lets a set-up script fetch the lab's image before any lab (or test) needs it.
     */
    public boolean image(LabOs os, String mirror) {
        requireRootAndTools();
        boolean cached = cache.ready(os);
        cache.ensure(os, mirror);
        return !cached;
    }

    /** Boots the lab, or whatever part of it is not running; a lab that runs already is left as it is. */
    public UpResult up(LabSpec spec) {
        requireRootAndTools();
        return locked(() -> {
            List<String> changes = new ArrayList<>();
            Optional<LabState> existing = readState(spec.name());
            if (existing.isEmpty()) {
                List<String> stale = leftovers(spec.name());
                if (!stale.isEmpty()) {
                    cleanup(spec.name());
                    changes.add("removed leftovers of a crashed lab " + spec.name() + ": " + String.join(", ", stale));
                }
            }
            LabState state = existing.map(s -> grow(s, spec)).orElseGet(() -> allocate(spec))
                    .withClusterYaml(settings.clusterYaml(spec.name()).toString());
            existing.map(LabState::clusterYaml).filter(old -> !old.equals(state.clusterYaml()))
                    .flatMap(old -> removeClusterYaml(Path.of(old))).ifPresent(changes::add);
            if (!existing.equals(Optional.of(state))) {
                writeState(state);
            }
            if (existing.isEmpty()) {
                changes.add("created lab " + spec.name() + " on " + state.subnet());
            } else if (existing.get().nodes().size() < state.nodes().size()) {
                changes.add("grew lab " + spec.name() + " to " + state.nodes().size() + " nodes");
            }
            Lab lab = toLab(state);
            Path rootfs = cache.ensure(spec.os(), spec.mirror());
            ensureKey(lab, changes);
            if (network.ensureBridge(lab.bridge(), lab.gateway(), Subnets.prefixLength(lab.subnet()))) {
                changes.add("created bridge " + lab.bridge() + " with " + lab.gateway());
            }
            // Nodes are independent: each is prepared and booted while the others are (key generation dominates).
            List<List<String>> perNode = runOnNodes(lab.nodes(), node -> {
                List<String> nodeChanges = new ArrayList<>();
                prepareNode(lab, node, rootfs, nodeChanges);
                if (!processes.supervised(node.machine())) {
                    processes.killMachine(node.machine()); // an orphaned container of a killed nspawn
                    processes.start(node.machine(), nspawnArgs(lab, node), nodeDir(lab, node).resolve("console.log"));
                    nodeChanges.add("booted " + node.name() + " at " + node.address());
                }
                return nodeChanges;
            });
            perNode.forEach(changes::addAll);
            List<LabNode> started = IntStream.range(0, lab.nodes().size())
                    .filter(i -> perNode.get(i).stream().anyMatch(c -> c.startsWith("booted ")))
                    .mapToObj(lab.nodes()::get).toList();
            writeKnownHosts(lab);
            if (writeIfChanged(lab.clusterYaml(), ClusterYaml.render(lab))) {
                changes.add("wrote " + lab.clusterYaml());
            }
            awaitReady(lab, started);
            return new UpResult(lab, changes);
        });
    }

    private LabState grow(LabState state, LabSpec spec) {
        if (!state.os().equals(spec.os().id())) {
            throw new LabException("lab " + spec.name() + " runs " + state.os() + ", not " + spec.os().id()
                    + "; run `kubexm lab down --name " + spec.name() + "` first to change its OS");
        }
        if (spec.nodes() < state.nodes().size()) {
            throw new LabException("lab " + spec.name() + " has " + state.nodes().size() + " nodes; `lab up` adds nodes"
                    + " but does not remove them: use --nodes " + state.nodes().size() + " or more, or `kubexm lab down` first");
        }
        return new LabState(state.name(), state.os(), state.subnet(), nodeNames(spec.nodes()), state.clusterYaml());
    }

    private LabState allocate(LabSpec spec) {
        List<String> taken = labNames().stream().flatMap(n -> readState(n).stream()).map(LabState::subnet).toList();
        String subnet = Subnets.pick(network.routeDestinations(), taken).orElseThrow(() -> new LabException(
                "no free /24 left in " + Subnets.POOL_PREFIX + "0.0/16 for lab " + spec.name()
                        + ": every one is routed on this machine or used by another lab; remove a lab with `kubexm lab down`"));
        return new LabState(spec.name(), spec.os().id(), subnet, nodeNames(spec.nodes()), settings.clusterYaml(spec.name()).toString());
    }

    private static List<String> nodeNames(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(LabNames::nodeName).toList();
    }

    private void ensureKey(Lab lab, List<String> changes) {
        if (!Files.exists(lab.privateKey())) {
            host.check("lab " + lab.name() + ": creating its SSH key", List.of("ssh-keygen", "-q", "-t", "ed25519",
                    "-N", "", "-C", "kubexm-lab-" + lab.name(), "-f", lab.privateKey().toString()));
            changes.add("created SSH key " + lab.privateKey());
        }
        setMode(lab.privateKey(), "rw-------");
    }

    private void prepareNode(Lab lab, LabNode node, Path rootfs, List<String> changes) {
        Path dir = nodeDir(lab, node);
        Path root = dir.resolve("root");
        try {
            for (String sub : List.of("upper", "work", "root", "containerd")) {
                Files.createDirectories(dir.resolve(sub));
            }
            if (!isMountPoint(root)) {
                host.check("node " + node.name() + ": mounting its overlay root", List.of("mount", "-t", "overlay",
                        "overlay", "-o", "lowerdir=" + rootfs + ",upperdir=" + dir.resolve("upper") + ",workdir="
                                + dir.resolve("work"), root.toString()));
            }
            writeNodeFile(root, "etc/hostname", node.name() + "\n");
            StringBuilder hosts = new StringBuilder("# generated by kubexm lab\n127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n");
            lab.nodes().forEach(n -> hosts.append(n.address()).append(' ').append(n.name()).append('\n'));
            writeNodeFile(root, "etc/hosts", hosts.toString());
            // Nothing in a lab resolves names over DNS; the gateway keeps resolv.conf valid for checks that read it.
            writeNodeFile(root, "etc/resolv.conf", "# generated by kubexm lab\nnameserver " + lab.gateway() + "\n");
            if (Files.size(root.resolve("etc/machine-id")) == 0) {
                byte[] id = new byte[16];
                new SecureRandom().nextBytes(id);
                writeNodeFile(root, "etc/machine-id", HexFormat.of().formatHex(id) + "\n");
            }
            Path ssh = root.resolve("root/.ssh");
            Files.createDirectories(ssh);
            setMode(ssh, "rwx------");
            writeNodeFile(root, "root/.ssh/authorized_keys",
                    Files.readString(Path.of(lab.privateKey() + ".pub")));
            setMode(ssh.resolve("authorized_keys"), "rw-------");
            if (!Files.exists(root.resolve("etc/ssh/ssh_host_ed25519_key"))) {
                host.check("node " + node.name() + ": creating its SSH host keys", List.of("ssh-keygen", "-A", "-f", root.toString()));
            }
        } catch (IOException e) {
            throw new LabException("lab " + lab.name() + ", node " + node.name() + ": preparing its root in " + root
                    + " failed: " + e.getMessage(), e);
        }
        if (network.ensureNode(lab.bridge(), node, lab.gateway(), Subnets.prefixLength(lab.subnet()))) {
            changes.add("connected " + node.name() + " to " + lab.bridge());
        }
    }

    private List<String> nspawnArgs(Lab lab, LabNode node) {
        Path dir = nodeDir(lab, node);
        return List.of("--quiet", "--boot", "--register=no", "--keep-unit",
                "--directory=" + dir.resolve("root"),
                "--hostname=" + node.name(),
                "--network-namespace-path=" + LabNetwork.NETNS_DIR.resolve(node.machine()),
                "--capability=CAP_NET_ADMIN",
                "--resolv-conf=off", "--timezone=off", "--link-journal=no", "--console=read-only",
                // containerd's overlayfs snapshotter cannot put an overlay on the overlay root.
                "--bind=" + dir.resolve("containerd") + ":/var/lib/containerd");
    }

    private void writeKnownHosts(Lab lab) {
        StringBuilder known = new StringBuilder();
        for (LabNode node : lab.nodes()) {
            Path sshDir = nodeDir(lab, node).resolve("root/etc/ssh");
            for (String type : List.of("ed25519", "ecdsa", "rsa")) {
                Path pub = sshDir.resolve("ssh_host_" + type + "_key.pub");
                if (Files.exists(pub)) {
                    String[] parts = read(pub).strip().split("\\s+");
                    known.append(node.address()).append(' ').append(parts[0]).append(' ').append(parts[1]).append('\n');
                }
            }
        }
        writeIfChanged(lab.knownHosts(), known.toString());
    }

    /** Waits for the nodes this {@code up} booted; running ones are left alone, a fault on them included. */
    private void awaitReady(Lab lab, List<LabNode> booted) {
        NodeShell shell = new NodeShell(lab);
        runOnNodes(booted, node -> {
            long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
            CommandResult r;
            while (!(r = shell.exec(node, "true", Duration.ofSeconds(10))).ok()) {
                if (!processes.supervised(node.machine())) {
                    throw new LabException("lab " + lab.name() + ", node " + node.name() + " stopped while booting; its"
                            + " console log is " + nodeDir(lab, node).resolve("console.log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new LabException("lab " + lab.name() + ", node " + node.name() + ": sshd at " + node.address()
                            + " did not answer within " + BOOT_TIMEOUT.toSeconds() + " s (" + r.diagnostic()
                            + "); see its console log " + nodeDir(lab, node).resolve("console.log"));
                }
                NodeProcesses.sleep(300);
            }
            String state = shell.exec(node, "systemctl is-system-running --wait", Duration.ofSeconds(120)).stdout().strip();
            String failed = state.equals("degraded") ? " (failed: " + shell.exec(node,
                    "systemctl --failed --no-legend --plain | cut -d' ' -f1 | paste -sd' '", Duration.ofSeconds(15)).stdout().strip() + ")" : "";
            progress.accept(node.name() + " " + node.address() + " up, system " + state + failed);
            return null;
        });
    }

    // ---------------------------------------------------------------- down

    /** Removes everything of the lab from this machine; names what it removed (empty: there was nothing). */
    public List<String> down(String name) {
        LabSpec.requireValidName(name);
        requireRootAndTools();
        return locked(() -> {
            List<String> removed = cleanup(name);
            List<String> left = leftovers(name);
            if (!left.isEmpty()) {
                throw new LabException("lab " + name + " is down but these remain: " + String.join(", ", left)
                        + "; remove them by hand and report a kubexm bug");
            }
            return removed;
        });
    }

    private List<String> cleanup(String name) {
        List<String> removed = new ArrayList<>();
        String prefix = LabNames.machinePrefix(name);
        processes.kill(prefix).forEach(m -> removed.add("node " + m));
        Path stateDir = settings.stateDir(name);
        for (Path mount : mountsUnder(stateDir)) {
            CommandResult r = host.run(List.of("umount", mount.toString()));
            if (!r.ok()) {
                throw new LabException("lab " + name + ": unmounting " + mount + " failed: " + r.diagnostic()
                        + "; `fuser -vm " + mount + "` shows what holds it; stop that, then run `kubexm lab down --name "
                        + name + "` again");
            }
            removed.add("mount " + mount);
        }
        List<String> links = readState(name).map(s -> s.nodes().stream().map(n -> LabNames.hostLink(name, n)).toList())
                .orElse(List.of());
        removed.addAll(network.remove(name, links));
        for (Path p : propagationDirs(prefix)) {
            RootfsCache.deleteTree(p);
        }
        removeClusterYaml(readState(name).map(s -> Path.of(s.clusterYaml())).orElse(settings.clusterYaml(name)))
                .ifPresent(removed::add);
        if (Files.exists(stateDir)) {
            RootfsCache.deleteTree(stateDir);
            removed.add("state " + stateDir);
        }
        return removed;
    }

    /** Removes a cluster.yaml that {@code up} wrote (never a user's own), and its directory when empty. */
    private static Optional<String> removeClusterYaml(Path yaml) {
        try {
            if (!Files.exists(yaml) || !Files.readString(yaml).startsWith(ClusterYaml.HEADER)) {
                return Optional.empty();
            }
            Files.delete(yaml);
            try (Stream<Path> rest = Files.list(yaml.getParent())) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(yaml.getParent());
                }
            }
            return Optional.of("file " + yaml);
        } catch (IOException e) {
            throw new LabException("cannot remove " + yaml + ": " + e.getMessage(), e);
        }
    }

    /**
     * Everything of lab {@code name} that exists on this machine: processes, mounts, network
     * namespaces, links, the bridge and its route, cgroups, state. Empty after {@code down}.
     */
    public List<String> leftovers(String name) {
        String prefix = LabNames.machinePrefix(name);
        List<String> found = new ArrayList<>();
        processes.pids(prefix).forEach(pid -> found.add("process " + pid));
        mountsUnder(settings.stateDir(name)).forEach(m -> found.add("mount " + m));
        network.namespaces(prefix).forEach(ns -> found.add("netns " + ns));
        String bridge = LabNames.bridge(name);
        if (network.linkExists(bridge)) {
            found.add("bridge " + bridge);
        }
        network.bridgePorts(bridge).forEach(l -> found.add("link " + l));
        readState(name).ifPresent(s -> s.nodes().stream().map(n -> LabNames.hostLink(name, n))
                .filter(network::linkExists).forEach(l -> found.add("link " + l)));
        host.run(List.of("ip", "-o", "route", "show", "table", "all")).stdout().lines()
                .filter(l -> l.contains(" dev " + bridge + " ") || l.endsWith(" dev " + bridge))
                .forEach(l -> found.add("route " + l.strip()));
        processes.cgroups(prefix).forEach(g -> found.add("cgroup " + g));
        propagationDirs(prefix).forEach(p -> found.add("dir " + p));
        if (Files.exists(settings.stateDir(name))) {
            found.add("state " + settings.stateDir(name));
        }
        return found.stream().distinct().toList();
    }

    // ---------------------------------------------------------------- status and access

    /** The lab; needs root, since a lab's state is readable by root only (so without it no lab would be found). */
    public Optional<Lab> find(String name) {
        requireRoot();
        return readState(name).map(this::toLab);
    }

    public Lab require(String name) {
        return find(name).orElseThrow(() -> new LabException("there is no lab '" + name + "'"
                + (list().isEmpty() ? "" : " (labs: " + list().stream().map(Lab::name).toList() + ")")
                + "; create it with `kubexm lab up --name " + name + " --nodes N`"));
    }

    /** Every lab on this machine; needs root, like {@link #find}. */
    public List<Lab> list() {
        requireRoot();
        return labNames().stream().flatMap(n -> find(n).stream()).toList();
    }

    public List<NodeStatus> status(Lab lab) {
        NodeShell shell = new NodeShell(lab);
        return runOnNodes(lab.nodes(), node -> {
            boolean running = processes.supervised(node.machine());
            if (!running) {
                return new NodeStatus(node, false, "stopped", List.of(), Optional.empty());
            }
            CommandResult r = shell.exec(node, "systemctl is-system-running; systemctl --failed --no-legend --plain | cut -d' ' -f1",
                    Duration.ofSeconds(15));
            List<String> lines = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            String state = lines.isEmpty() ? "unreachable over SSH (" + r.diagnostic() + ")" : lines.getFirst();
            List<String> failed = lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
            return new NodeStatus(node, true, state, failed, processes.memoryBytes(node.machine()));
        });
    }

    /** Fails, saying how to boot it, when the node is not running (powered off, or its lab crashed). */
    public void requireRunning(Lab lab, LabNode node) {
        if (!processes.supervised(node.machine())) {
            throw new LabException("lab " + lab.name() + ", node " + node.name() + " is stopped; " + bootHint(lab));
        }
    }

    private static String bootHint(Lab lab) {
        return "`kubexm lab up --name " + lab.name() + " --nodes " + lab.nodes().size() + "` boots it again";
    }

    public NodeShell shell(Lab lab) {
        return new NodeShell(lab);
    }

    // ---------------------------------------------------------------- faults

    /** Injects {@code fault} into the node; returns what was done. */
    public String fault(String labName, String nodeName, Fault fault) {
        requireRootAndTools();
        Lab lab = require(labName);
        LabNode node = lab.requireNode(nodeName);
        String where = "lab " + lab.name() + ", node " + node.name();
        String ns = node.machine();
        return switch (fault) {
            case Fault.LinkDown f -> {
                host.check(where + ": link-down", List.of("ip", "link", "set", node.hostLink(), "down"));
                yield node.name() + ": link down (" + node.hostLink() + " on " + lab.bridge() + ")";
            }
            case Fault.LinkUp f -> {
                host.check(where + ": link-up", List.of("ip", "link", "set", node.hostLink(), "up"));
                yield node.name() + ": link up";
            }
            case Fault.Loss f -> {
                setLoss(where, ns, f.percent());
                yield node.name() + ": " + (f.percent() == 0 ? "no packet loss" : f.percent() + "% loss each way");
            }
            case Fault.Delay f -> {
                setDelay(where, ns, f.millis());
                yield node.name() + ": " + (f.millis() == 0 ? "no delay" : f.millis() + " ms delay on packets it sends");
            }
            case Fault.StopSshd f -> {
                inNode(where + ": stop-sshd", node, List.of("systemctl", "stop", "ssh.service"));
                yield node.name() + ": sshd stopped";
            }
            case Fault.StartSshd f -> {
                inNode(where + ": start-sshd", node, List.of("systemctl", "start", "ssh.service"));
                yield node.name() + ": sshd started";
            }
            case Fault.Reboot f -> {
                // systemd takes SIGRTMIN+5 as "reboot"; nspawn exits 133 and the node's loop boots it again.
                host.check(where + ": reboot", List.of("kill", "-s", "RTMIN+5", Long.toString(leader(where, node))));
                yield node.name() + ": rebooting";
            }
            case Fault.Poweroff f -> {
                long pid = leader(where, node);
                host.check(where + ": poweroff", List.of("kill", "-s", "RTMIN+4", Long.toString(pid)));
                awaitStopped(where, node);
                yield node.name() + ": powered off; " + bootHint(lab);
            }
        };
    }

    private void setLoss(String where, String ns, int percent) {
        String chain = "KUBEXM-LAB-LOSS";
        List<String> ipt = List.of("ip", "netns", "exec", ns, "iptables", "-w");
        if (!host.run(concat(ipt, "-L", chain, "-n")).ok()) {
            host.check(where + ": loss", concat(ipt, "-N", chain));
        }
        host.check(where + ": loss", concat(ipt, "-F", chain));
        for (String hook : List.of("INPUT", "OUTPUT")) {
            if (!host.run(concat(ipt, "-C", hook, "-j", chain)).ok()) {
                host.check(where + ": loss", concat(ipt, "-I", hook, "-j", chain));
            }
        }
        if (percent > 0) {
            host.check(where + ": loss", concat(ipt, "-A", chain, "-m", "statistic", "--mode", "random",
                    "--probability", String.format("%.2f", percent / 100.0), "-j", "DROP"));
        }
    }

    private void setDelay(String where, String ns, int millis) {
        List<String> tc = List.of("ip", "netns", "exec", ns, "tc", "qdisc");
        if (millis == 0) {
            CommandResult r = host.run(concat(tc, "del", "dev", LabNode.INTERFACE, "root"));
            if (!r.ok() && !r.stderr().contains("Cannot delete qdisc with handle of zero")
                    && !r.stderr().contains("No such file or directory")) {
                throw new LabException(where + ": delay 0 failed: " + r.diagnostic());
            }
            return;
        }
        CommandResult r = host.run(concat(tc, "replace", "dev", LabNode.INTERFACE, "root", "netem", "delay", millis + "ms"));
        if (!r.ok()) {
            throw new LabException(where + ": delay needs the netem queueing discipline (CONFIG_NET_SCH_NETEM) in the"
                    + " host kernel" + (r.stderr().contains("qdisc kind is unknown") ? ", which this kernel does not have"
                    : "") + " (tc: " + r.diagnostic() + "); loss, link-down and the other faults work without it");
        }
    }

    private void inNode(String step, LabNode node, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--target", Long.toString(leader(step, node)),
                "--mount", "--uts", "--ipc", "--net", "--pid", "--"));
        cmd.addAll(command);
        host.check(step, cmd);
    }

    private long leader(String where, LabNode node) {
        return processes.leader(node.machine()).orElseThrow(() -> new LabException(where
                + ": the node is not running; boot it with `kubexm lab up`"));
    }

    private void awaitStopped(String where, LabNode node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processes.supervised(node.machine())) {
            if (System.nanoTime() > deadline) {
                throw new LabException(where + ": did not power off within 60 s");
            }
            NodeProcesses.sleep(200);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Lab toLab(LabState s) {
        String name = s.name();
        List<LabNode> nodes = IntStream.range(0, s.nodes().size()).mapToObj(i -> {
            String n = s.nodes().get(i);
            return new LabNode(n, Subnets.nodeAddress(s.subnet(), i + 1), LabNames.machine(name, n), LabNames.hostLink(name, n));
        }).toList();
        Path dir = settings.stateDir(name);
        return new Lab(name, LabOs.parse(s.os()), s.subnet(), Subnets.gateway(s.subnet()), LabNames.bridge(name), nodes,
                dir, dir.resolve("id_ed25519"), dir.resolve("known_hosts"), Path.of(s.clusterYaml()));
    }

    private Path nodeDir(Lab lab, LabNode node) {
        return lab.stateDir().resolve("nodes").resolve(node.name());
    }

    private List<String> labNames() {
        if (!Files.isDirectory(settings.stateRoot())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(settings.stateRoot())) {
            return dirs.filter(d -> Files.exists(d.resolve(STATE_FILE))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<LabState> readState(String name) {
        Path file = settings.stateDir(name).resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            LabState state = json.readValue(file.toFile(), LabState.class);
            // lab.json of labs created before it recorded cluster.yaml's place
            return Optional.of(state.clusterYaml() != null ? state : state.withClusterYaml(settings.clusterYaml(name).toString()));
        } catch (IOException e) {
            throw new LabException("lab " + name + ": cannot read " + file + " (" + e.getMessage()
                    + "); remove the lab with `kubexm lab down --name " + name + "`", e);
        }
    }

    private void writeState(LabState state) {
        Path dir = settings.stateDir(state.name());
        try {
            Files.createDirectories(dir);
            setMode(dir, "rwx------");
            writeIfChanged(dir.resolve(STATE_FILE), json.writeValueAsString(state));
        } catch (IOException e) {
            throw new LabException("cannot write the state of lab " + state.name() + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Mount points at or below {@code dir}, deepest first, from /proc/self/mountinfo. */
    private static List<Path> mountsUnder(Path dir) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" ")[4].replace("\\040", " "))
                    .map(Path::of)
                    .filter(p -> p.startsWith(dir))
                    .sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isMountPoint(Path p) {
        return mountsUnder(p).contains(p);
    }

    /** nspawn keeps a directory per machine here; on a /run that is not tmpfs it cannot remove it itself. */
    private static List<Path> propagationDirs(String prefix) {
        Path base = Path.of("/run/systemd/nspawn/propagate");
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file inside a node's root without following a symbolic link out of it. */
    private static void writeNodeFile(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        if (Files.isSymbolicLink(file)) {
            Files.delete(file);
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !Files.readString(file).equals(content)) {
            Files.writeString(file, content);
        }
    }

    private static boolean writeIfChanged(Path file, String content) {
        try {
            if (Files.exists(file) && Files.readString(file).equals(content)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return true;
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setMode(Path p, String mode) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new LabException("cannot set mode " + mode + " on " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private interface NodeTask<T> {
        T run(LabNode node);
    }

    /** Runs the task on every node at once (they are independent) and returns results in node order. */
    private static <T> List<T> runOnNodes(List<LabNode> nodes, NodeTask<T> task) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = nodes.stream().map(n -> pool.submit((Callable<T>) () -> task.run(n))).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LabException le ? le : new LabException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }

    private <T> T locked(Callable<T> work) {
        try {
            Files.createDirectories(settings.stateRoot());
            try (FileChannel ch = FileChannel.open(settings.stateRoot().resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                ch.lock(); // released when the channel closes
                return work.call();
            }
        } catch (LabException e) {
            throw e;
        } catch (Exception e) {
            throw new LabException(e.getMessage(), e);
        }
    }

    private static boolean runsAsRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireRoot() {
        if (!root) {
            throw new LabException("kubexm lab needs root: it mounts overlays, creates bridges and network namespaces,"
                    + " boots systemd-nspawn containers and keeps each lab's state and SSH key readable by root only;"
                    + " run it with sudo");
        }
    }

    private void requireRootAndTools() {
        requireRoot();
        List<String> path = List.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"));
        List<String> missing = TOOLS.stream().filter(t -> path.stream().noneMatch(d -> Files.isExecutable(Path.of(d, t)))).toList();
        if (!missing.isEmpty()) {
            throw new LabException("kubexm lab needs " + String.join(", ", missing) + " on PATH; install them with"
                    + " `apt-get install systemd-container debootstrap iproute2 iptables openssh-client util-linux`"
                    + " (scripts/install-test-deps.sh does)");
        }
    }
}
