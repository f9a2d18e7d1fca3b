package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes {@code kubexm-dist-<version>-<arch>.tar.gz}: the kubexm CLI (its jar and the jars
 * its manifest names), a jlink Java runtime for the control node's architecture (linked from
 * that arch's jmods when it is not this machine's, see {@link Jmods}), the
 * bundle ({@code build/packages} with bom.json) and {@code SHA256SUMS} of every file in it,
 * all under one top directory. Unpacked, {@code ./kubexm} runs with no JDK installed.
 */
public final class Dist {
    public static final String SUMS = "SHA256SUMS";
    /** Modules loaded reflectively, which jdeps cannot see; kept when the JDK has them. */
    private static final List<String> REFLECTIVE_MODULES = List.of("jdk.unsupported", "jdk.crypto.ec", "jdk.zipfs",
            "jdk.charsets", "jdk.naming.dns");

    /**
     * @param cliJar the kubexm jar (its manifest's Class-Path names the jars beside it)
     * @param jdk a JDK that runs here: its jdeps and jlink build the runtime
     * @param jmods the jmods of a JDK for {@code arch} (see {@link Jmods}), of the same feature release as
     *              {@code jdk}; needed when {@code arch} is not the JDK's, else the JDK links from its own image
     */
    public record Request(Path cliJar, Path packagesDir, Path jdk, Arch arch, String version, Path outputDir,
                          Optional<Path> jmods) {}

    private Dist() {
    }

    public static String fileName(String version, Arch arch) {
        return "kubexm-dist-" + version + "-" + arch.yaml() + ".tar.gz";
    }

    public static Path build(Request r, Path scratch) throws IOException, InterruptedException {
        Arch jdkArch = jdkArch(r.jdk());
        boolean foreign = jdkArch != r.arch();
        if (foreign && r.jmods().isEmpty()) {
            throw new IllegalArgumentException("the JDK at " + r.jdk() + " is for " + jdkArch.yaml() + ", the control node is "
                    + r.arch().yaml() + ": a JDK links a runtime for another arch only from that arch's jmods (JEP 493"
                    + " links its own platform only): give them with --jdk-jmods DIR, or let kubexm dist fetch the"
                    + " catalog's " + Jmods.COMPONENT);
        }
        if (r.jmods().isPresent()) {
            checkRelease(r.jdk(), r.jmods().get());
        }
        if (!Files.isRegularFile(r.packagesDir().resolve(BundleManifest.NAME))) {
            throw new IllegalArgumentException("no bundle in " + r.packagesDir() + " (bom.json missing): run kubexm download first");
        }
        List<Path> jars = classPath(r.cliJar());
        Path runtime = scratch.resolve("runtime");
        jlink(r.jdk(), r.jmods(), foreign, modules(r.jdk(), r.jmods(), r.cliJar(), jars), runtime);
        Optional<Arch> linked = elfArch(readHeader(runtime.resolve("bin/java")));
        if (linked.isEmpty() || linked.get() != r.arch()) {
            throw new IllegalArgumentException("the runtime linked from " + r.jmods().map(Path::toString).orElse(r.jdk().toString())
                    + " is for " + linked.map(Arch::yaml).orElse("neither amd64 nor arm64") + ", not " + r.arch().yaml()
                    + ": give the " + r.arch().yaml() + " jmods");
        }

        String top = "kubexm-dist-" + r.version() + "-" + r.arch().yaml() + "/";
        Files.createDirectories(r.outputDir());
        Path out = r.outputDir().resolve(fileName(r.version(), r.arch()));
        Path tmp = r.outputDir().resolve(out.getFileName() + ".tmp");
        TreeMap<String, String> sums = new TreeMap<>();
        GzipParameters gz = new GzipParameters();
        gz.setCompressionLevel(Deflater.BEST_SPEED); // the bundle is mostly compressed archives already
        try (OutputStream file = Files.newOutputStream(tmp);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file, gz))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            addBytes(tar, top + "kubexm", launcher().getBytes(StandardCharsets.UTF_8), 0755, sums, "kubexm");
            addFile(tar, r.cliJar(), top + "kubexm.jar", sums, "kubexm.jar");
            for (Path jar : jars) {
                addFile(tar, jar, top + "lib/" + jar.getFileName(), sums, "lib/" + jar.getFileName());
            }
            addTree(tar, runtime, top + "runtime/", "runtime/", sums);
            addTree(tar, r.packagesDir(), top + "build/packages/", "build/packages/", sums);
            StringBuilder list = new StringBuilder();
            sums.forEach((path, sha) -> list.append(sha).append("  ").append(path).append('\n'));
            addBytes(tar, top + SUMS, list.toString().getBytes(StandardCharsets.UTF_8), 0644, null, SUMS);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    private static String launcher() {
        return """
                #!/bin/sh
                # generated by kubexm: runs the CLI on the Java runtime shipped beside it.
                here="$(cd "$(dirname "$0")" && pwd)"
                exec "$here/runtime/bin/java" ${KUBEXM_JAVA_OPTS:-} -Dkubexm.home="$here" -jar "$here/kubexm.jar" "$@"
                """;
    }

    /** The arch of a Linux ELF binary from its header (e_machine), empty for anything else. */
    public static Optional<Arch> elfArch(byte[] header) {
        if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return Optional.empty();
        }
        int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8; // little-endian on both arches
        return switch (machine) {
            case 0x3e -> Optional.of(Arch.AMD64);
            case 0xb7 -> Optional.of(Arch.ARM64);
            default -> Optional.empty();
        };
    }

    private static byte[] readHeader(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(20);
        }
    }

    /** The arch a JDK is for, from its release file (a jlinked runtime's names none). */
    public static Arch jdkArch(Path jdk) throws IOException {
        String name = releaseValue(jdk, "OS_ARCH");
        return Arch.reported(name).orElseThrow(() -> new IllegalArgumentException(
                jdk.resolve("release") + " is for " + name + ": kubexm runs on amd64 or arm64"));
    }

    private static String releaseValue(Path jdk, String key) throws IOException {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release)) {
            throw new IllegalArgumentException(jdk + " is not a JDK (no release file)");
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).replace("\"", "");
            }
        }
        throw new IllegalArgumentException(release + " names no " + key);
    }

    private static List<Path> classPath(Path cliJar) throws IOException {
        List<Path> out = new ArrayList<>();
        try (JarFile jar = new JarFile(cliJar.toFile())) {
            String cp = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String entry : cp.trim().split("\\s+")) {
                    Path p = cliJar.resolveSibling(entry);
                    if (!Files.isRegularFile(p)) {
                        throw new IllegalArgumentException(cliJar + " needs " + p + ", which is missing: rebuild the CLI");
                    }
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** jlink links java.base of its own feature release only; say so before it fails with less to go on. */
    private static void checkRelease(Path jdk, Path jmods) throws IOException {
        Runtime.Version base = Jmods.javaBaseVersion(jmods);
        Runtime.Version linker = Runtime.Version.parse(releaseValue(jdk, "JAVA_VERSION"));
        if (base.feature() != linker.feature() || base.interim() != linker.interim()) {
            throw new IllegalArgumentException("the jmods in " + jmods + " are Java " + base + ", the JDK at " + jdk + " is "
                    + linker + ": jlink links only its own feature release, so give jmods of Java " + linker.feature()
                    + " (set versions.jdk in a --versions file) or --jdk with a JDK " + base.feature());
        }
    }

    private static List<String> modules(Path jdk, Optional<Path> jmods, Path cliJar, List<Path> jars)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/jdeps").toString(), "--print-module-deps",
                "--ignore-missing-deps", "--multi-release", "21"));
        if (!jars.isEmpty()) {
            cmd.add("--class-path");
            cmd.add(String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()));
        }
        cmd.add(cliJar.toString());
        jars.forEach(j -> cmd.add(j.toString()));
        String out = run(cmd);
        Set<String> modules = new LinkedHashSet<>();
        for (String line : out.split("\n")) {
            if (line.matches("[a-z][a-z0-9.,]*")) {
                modules.addAll(List.of(line.split(",")));
            }
        }
        Set<String> available;
        if (jmods.isPresent()) {
            try (Stream<Path> s = Files.list(jmods.get())) {
                available = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jmod"))
                        .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toSet());
            }
        } else {
            available = Set.of(run(List.of(jdk.resolve("bin/java").toString(), "--list-modules"))
                    .lines().map(l -> l.split("@")[0].trim()).toArray(String[]::new));
        }
        REFLECTIVE_MODULES.stream().filter(available::contains).forEach(modules::add);
        modules.add("java.base");
        return List.copyOf(modules);
    }

    /** From the JDK's own image, or from {@code jmods}; native symbols are stripped only for this machine's arch (objcopy is). */
    private static void jlink(Path jdk, Optional<Path> jmods, boolean foreign, List<String> modules, Path output)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/jlink").toString()));
        jmods.ifPresent(dir -> cmd.addAll(List.of("--module-path", dir.toString())));
        cmd.addAll(List.of("--add-modules", String.join(",", modules), foreign ? "--strip-java-debug-attributes" : "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", output.toString()));
        run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " ... failed: " + out.strip());
        }
        return out;
    }

    private static void addTree(TarArchiveOutputStream tar, Path root, String prefix, String sumPrefix,
                                TreeMap<String, String> sums) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted().toList();
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (rel.isEmpty() || rel.endsWith(".part") || rel.endsWith(".tmp")) {
                continue;
            }
            if (Files.isSymbolicLink(p)) {
                TarArchiveEntry e = new TarArchiveEntry(prefix + rel, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                TarArchiveEntry e = new TarArchiveEntry(prefix + rel + "/");
                e.setMode(040755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } else {
                addFile(tar, p, prefix + rel, sums, sumPrefix + rel);
            }
        }
    }

    private static void addFile(TarArchiveOutputStream tar, Path file, String name, TreeMap<String, String> sums,
                                String sumName) throws IOException {
        // Built by name, not from the File: that would add libarchive-specific PAX headers GNU tar warns about.
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(Files.size(file));
        e.setModTime(Files.getLastModifiedTime(file));
        e.setMode(0100000 | mode(file));
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
        tar.putArchiveEntry(e);
        sums.put(sumName, Digests.sha256(file, tar));
        tar.closeArchiveEntry();
    }

    private static void addBytes(TarArchiveOutputStream tar, String name, byte[] bytes, int mode,
                                 TreeMap<String, String> sums, String sumName) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setMode(0100000 | mode);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
        if (sums != null) {
            sums.put(sumName, Digests.sha256(bytes));
        }
    }

    private static int mode(Path file) throws IOException {
        int mode = 0;
        for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
