package io.kubexm.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The processes of lab nodes. Each node is a systemd-nspawn container run by a small shell
 * loop that boots it again when it reboots (nspawn exits 133 then); PID 1 of this machine
 * need not be systemd. Both processes carry {@code --machine=MACHINE} on their command line,
 * which is how they are found again, also after a crash of the kubexm process that started them.
 */
final class NodeProcesses {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    /**
     * cgroup hierarchies a node gets its own group in, so that the node's systemd owns a subtree
     * (two nodes in one group would fight over it) and its memory is measurable: the v1 ones of a
     * legacy or hybrid host, or the single v2 hierarchy of a unified host (not tested here).
     */
    private static final List<Path> HIERARCHIES = Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"))
            ? List.of(CGROUP_ROOT)
            : Stream.of("systemd", "unified", "memory", "pids").map(CGROUP_ROOT::resolve).toList();
    private static final String CGROUP_PARENT = "kubexm-lab";
    private static final String SUPERVISOR_NAME = "kubexm-lab-node";
    private static final String SUPERVISOR = """
            for procs in $1; do echo $$ > "$procs" || exit 1; done
            shift
            while :; do
              systemd-nspawn "$@"
              rc=$?
              [ "$rc" -eq 133 ] || exit "$rc"
            done""";

    record NodeProcess(long pid, List<String> args) {
        /** The supervisor loop, also in the moment before setsid has become sh. */
        boolean isSupervisor() {
            return args.contains(SUPERVISOR_NAME);
        }
    }

    /** Starts the node in the background, detached from this process; its console goes to {@code console}. */
    void start(String machine, List<String> nspawnArgs, Path console) {
        List<String> command = new ArrayList<>(List.of("setsid", "sh", "-c", SUPERVISOR, SUPERVISOR_NAME, cgroupProcs(machine)));
        command.add("--machine=" + machine);
        command.addAll(nspawnArgs);
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            // With --network-namespace-path nspawn would mount /proc/sys/net read-only; nodes set network sysctls.
            pb.environment().put("SYSTEMD_NSPAWN_API_VFS_WRITABLE", "network");
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start systemd-nspawn for " + machine + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code command} made to run in a cgroup of its own called {@code group}: nspawn creates its
     * payload and supervisor groups below the cgroup it is started in, and they must not land in
     * the root of this machine's hierarchies. Remove the group afterwards with {@link #removeCgroups}.
     */
    List<String> inOwnCgroup(String group, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "for procs in $1; do echo $$ > \"$procs\" || exit 1; done; shift; exec \"$@\"", "kubexm-lab", cgroupProcs(group)));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Creates the group in every hierarchy and returns their cgroup.procs files, space-separated. */
    private String cgroupProcs(String group) {
        List<String> procs = new ArrayList<>();
        for (Path hierarchy : HIERARCHIES) {
            if (Files.isDirectory(hierarchy) && Files.exists(hierarchy.resolve("cgroup.procs"))) {
                Path dir = hierarchy.resolve(CGROUP_PARENT).resolve(group);
                createDirectories(dir);
                procs.add(dir.resolve("cgroup.procs").toString());
            }
        }
        return String.join(" ", procs);
    }

    /** Processes whose command line holds {@code --machine=M} for a machine name starting with {@code prefix}. */
    List<NodeProcess> find(String machinePrefix) {
        return find(m -> m.startsWith(machinePrefix));
    }

    private List<NodeProcess> find(Predicate<String> machine) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .flatMap(p -> readCmdline(p).stream()
                            .filter(args -> args.stream().anyMatch(a -> a.startsWith("--machine=")
                                    && machine.test(a.substring("--machine=".length()))))
                            .map(args -> new NodeProcess(Long.parseLong(p.getFileName().toString()), args)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The nspawn process of exactly this machine: the one its supervisor started (nspawn forks
     * helpers that briefly carry the same command line).
     */
    Optional<NodeProcess> nspawn(String machine) {
        List<NodeProcess> procs = find(machine::equals);
        List<Long> supervisors = procs.stream().filter(NodeProcess::isSupervisor).map(NodeProcess::pid).toList();
        return procs.stream().filter(p -> p.args().getFirst().endsWith("systemd-nspawn"))
                .filter(p -> ProcessHandle.of(p.pid()).flatMap(ProcessHandle::parent)
                        .map(parent -> supervisors.contains(parent.pid())).orElse(false))
                .findFirst();
    }

    /** Whether the node's supervisor loop runs (the node is booting, running or rebooting). */
    boolean supervised(String machine) {
        return find(machine::equals).stream().anyMatch(NodeProcess::isSupervisor);
    }

    /** PID (as seen from the host) of the node's init, the child of its nspawn process. */
    Optional<Long> leader(String machine) {
        return nspawn(machine).flatMap(p -> children(p.pid()).stream().findFirst());
    }

    /**
     * Kills the nodes whose machine name starts with {@code prefix}, then removes their cgroups.
     * Processes are found by command line and by cgroup: a container whose nspawn process was
     * killed keeps running as an orphan, but stays in its node's cgroup.
     */
    List<String> kill(String machinePrefix) {
        return kill(m -> m.startsWith(machinePrefix));
    }

    /** Kills one node, also when only an orphaned container of it is left; no-op when nothing of it runs. */
    List<String> killMachine(String machine) {
        return kill(machine::equals);
    }

    private List<String> kill(Predicate<String> machines) {
        List<String> killed = new ArrayList<>();
        List<NodeProcess> all = find(machines);
        all.stream().map(NodeProcesses::machineOf).forEach(killed::add);
        cgroups(machines).stream().map(g -> g.getFileName().toString()).forEach(killed::add);
        // Supervisors first, so that no loop boots a node again while it is being killed.
        all.stream().filter(NodeProcess::isSupervisor).forEach(p -> signalKill(p.pid()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Long> left;
        while (!(left = pids(machines)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new LabException("lab node processes " + left + " did not exit after SIGKILL within 30 s;"
                        + " look at them with `ps -fp PID`");
            }
            left.forEach(NodeProcesses::signalKill);
            sleep(100);
        }
        removeCgroups(machines);
        return killed.stream().distinct().sorted().toList();
    }

    /** Every process of the nodes: by command line, and every task in their cgroups. */
    List<Long> pids(String machinePrefix) {
        return pids(m -> m.startsWith(machinePrefix));
    }

    private List<Long> pids(Predicate<String> machines) {
        List<Long> pids = new ArrayList<>(find(machines).stream().map(NodeProcess::pid).toList());
        for (Path group : cgroups(machines)) {
            try (Stream<Path> tree = Files.walk(group)) {
                for (Path procs : tree.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                    Files.readAllLines(procs).stream().map(String::strip).filter(l -> !l.isEmpty())
                            .map(Long::parseLong).filter(pid -> !pids.contains(pid)).forEach(pids::add);
                }
            } catch (IOException | UncheckedIOException e) {
                // a group vanished while we read it: its tasks are gone
            }
        }
        return pids;
    }

    /** Bytes of memory the node's cgroup holds (page cache included), when the memory controller is there. */
    Optional<Long> memoryBytes(String machine) {
        Path usage = HIERARCHIES.getFirst().equals(CGROUP_ROOT)
                ? CGROUP_ROOT.resolve(CGROUP_PARENT).resolve(machine).resolve("memory.current")
                : CGROUP_ROOT.resolve("memory").resolve(CGROUP_PARENT).resolve(machine).resolve("memory.usage_in_bytes");
        try {
            return Files.exists(usage) ? Optional.of(Long.parseLong(Files.readString(usage).strip())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** cgroups left by nodes whose name starts with {@code prefix}. */
    List<Path> cgroups(String machinePrefix) {
        return cgroups(m -> m.startsWith(machinePrefix));
    }

    private List<Path> cgroups(Predicate<String> machines) {
        List<Path> found = new ArrayList<>();
        for (Path hierarchy : HIERARCHIES) {
            Path parent = hierarchy.resolve(CGROUP_PARENT);
            if (Files.isDirectory(parent)) {
                try (Stream<Path> groups = Files.list(parent)) {
                    groups.filter(g -> Files.isDirectory(g) && machines.test(g.getFileName().toString())).forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return found;
    }

    void removeCgroups(String group) {
        removeCgroups(group::equals);
    }

    private void removeCgroups(Predicate<String> machines) {
        for (Path group : cgroups(machines)) {
            // Empty cgroups are removed with rmdir, deepest first; the kernel releases them shortly after their last task.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(group)) {
                try (Stream<Path> tree = Files.walk(group)) {
                    tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder())
                            .forEach(d -> d.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // The tree changed while walking it; the next round sees the new state.
                }
                if (Files.exists(group)) {
                    if (System.nanoTime() > deadline) {
                        throw new LabException("cannot remove cgroup " + group + " (still has tasks?); remove it with rmdir once empty");
                    }
                    sleep(100);
                }
            }
            Path parent = group.getParent();
            try (Stream<Path> rest = Files.list(parent)) {
                if (rest.noneMatch(Files::isDirectory)) {
                    parent.toFile().delete();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String machineOf(NodeProcess p) {
        return p.args().stream().filter(a -> a.startsWith("--machine=")).findFirst().orElse("?").substring("--machine=".length());
    }

    private static List<Long> children(long pid) {
        List<Long> result = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String children = Files.readString(task.resolve("children")).strip();
                if (!children.isEmpty()) {
                    Arrays.stream(children.split("\\s+")).map(Long::parseLong).forEach(result::add);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The process exited meanwhile: it has no children.
        }
        return result;
    }

    private static Optional<List<String>> readCmdline(Path procDir) {
        try {
            byte[] raw = Files.readAllBytes(procDir.resolve("cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            return Optional.of(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
        } catch (IOException e) {
            return Optional.empty(); // the process exited while we looked
        }
    }

    private static void signalKill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }
}
