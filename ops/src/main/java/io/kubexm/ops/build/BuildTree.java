package io.kubexm.ops.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * `build/NAME/`: writes every node's files at `<node>/<absolute path>`, only when their bytes
 * differ, removes what the previous manifest listed and this build no longer produces, and writes
 * the manifest.
 */
public record BuildTree(Path clusterDir) {

    private enum Outcome { ADDED, CHANGED, UNCHANGED }

    public Path manifestFile() {
        return clusterDir.resolve("manifest.json");
    }

    /** Where a node's file lives in the build tree. */
    public Path location(String node, String absolutePath) {
        return clusterDir.resolve(node).resolve(absolutePath.substring(1));
    }

    public List<NodeSummary> write(String cluster, Collection<NodeFile> files) {
        Set<String> seen = new HashSet<>();
        for (NodeFile f : files) {
            if (!seen.add(f.node() + ":" + f.path())) {
                throw new IllegalStateException("node " + f.node() + " would receive " + f.path()
                        + " twice; two generators claim the same path (a kubexm bug)");
            }
        }
        Map<String, Map<Outcome, Long>> counts = files.parallelStream()
                .collect(Collectors.groupingByConcurrent(NodeFile::node,
                        Collectors.groupingBy(f -> writeIfChanged(location(f.node(), f.path()), f.content(), f.mode()),
                                Collectors.counting())));
        Map<String, Integer> removed = removeStale(files);
        Manifest manifest = Manifest.of(cluster, files);
        writeIfChanged(manifestFile(), manifest.toJson().getBytes(StandardCharsets.UTF_8), NodeFile.PUBLIC);

        Map<String, NodeSummary> out = new TreeMap<>();
        for (String node : manifest.nodes().keySet()) {
            Map<Outcome, Long> c = counts.getOrDefault(node, Map.of());
            out.put(node, new NodeSummary(node, c.getOrDefault(Outcome.ADDED, 0L).intValue(),
                    c.getOrDefault(Outcome.CHANGED, 0L).intValue(), c.getOrDefault(Outcome.UNCHANGED, 0L).intValue(),
                    removed.getOrDefault(node, 0)));
        }
        removed.forEach((node, n) -> out.putIfAbsent(node, new NodeSummary(node, 0, 0, 0, n)));
        return List.copyOf(out.values());
    }

    /** Whether {@link #write} would change nothing: same files, same bytes and modes, nothing stale. Reads only. */
    public boolean upToDate(String cluster, Collection<NodeFile> files) {
        Manifest manifest = Manifest.of(cluster, files);
        return unchanged(manifestFile(), manifest.toJson().getBytes(StandardCharsets.UTF_8), NodeFile.PUBLIC)
                && files.parallelStream().allMatch(f -> unchanged(location(f.node(), f.path()), f.content(), f.mode()));
    }

    /** The manifest lists exactly the files, so an equal manifest also means no stale file to remove. */
    private static boolean unchanged(Path target, byte[] content, int mode) {
        try {
            return Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)
                    && Files.getPosixFilePermissions(target).equals(PosixFilePermissions.fromString(permissionString(mode)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Integer> removeStale(Collection<NodeFile> files) {
        Map<String, Integer> removed = new TreeMap<>();
        Set<String> current = files.stream().map(f -> f.node() + ":" + f.path()).collect(Collectors.toSet());
        Manifest.read(manifestFile()).ifPresent(previous -> previous.nodes().forEach((node, entries) -> {
            for (Manifest.Entry e : entries) {
                if (!current.contains(node + ":" + e.path())) {
                    try {
                        Path stale = location(node, e.path());
                        if (Files.deleteIfExists(stale)) {
                            removed.merge(node, 1, Integer::sum);
                            pruneEmptyParents(stale, clusterDir.resolve(node));
                        }
                    } catch (IOException ex) {
                        throw new UncheckedIOException("cannot remove stale " + location(node, e.path()), ex);
                    }
                }
            }
        }));
        return removed;
    }

    /** Removes the directories a stale file leaves empty, up to and including the node's own. */
    private void pruneEmptyParents(Path file, Path nodeDir) throws IOException {
        for (Path dir = file.getParent(); dir.startsWith(nodeDir); dir = dir.getParent()) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
            if (dir.equals(nodeDir)) {
                return;
            }
        }
    }

    private static Outcome writeIfChanged(Path target, byte[] content, int mode) {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(permissionString(mode));
        try {
            if (Files.exists(target)) {
                if (Arrays.equals(Files.readAllBytes(target), content)) {
                    if (!Files.getPosixFilePermissions(target).equals(perms)) {
                        Files.setPosixFilePermissions(target, perms);
                        return Outcome.CHANGED;
                    }
                    return Outcome.UNCHANGED;
                }
                replace(target, content, perms);
                return Outcome.CHANGED;
            }
            Files.createDirectories(target.getParent());
            replace(target, content, perms);
            return Outcome.ADDED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Temp file created with the final mode, then renamed: a key is never readable by others, not even briefly. */
    private static void replace(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(perms));
        Files.write(tmp, content);
        Files.setPosixFilePermissions(tmp, perms);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String permissionString(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return s.toString();
    }
}
