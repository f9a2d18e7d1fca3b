package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./kubexm} and {@code scripts/find-java.sh}, run by bash on a copy of the launcher in a temporary
 * tree: fake JDKs (scripts that report a {@code java.specification.version}) and a fake {@code mvnw}.
 */
class LauncherTest {
    private static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", "..")).toAbsolutePath().normalize();
    /** What the launcher needs from the system; javac is left out so only the fake JDKs are found. */
    private static final List<String> TOOLS = List.of("bash", "sh", "dirname", "readlink", "find", "sed", "head",
            "mktemp", "flock", "grep", "rm", "mkdir", "cat", "sleep", "touch", "echo");

    @TempDir
    Path tmp;
    Path root;
    Path tools;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void launcherTree() throws IOException {
        root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(REPO.resolve("kubexm"), root.resolve("kubexm"));
        Files.copy(REPO.resolve("scripts/find-java.sh"), root.resolve("scripts/find-java.sh"));
        // A build that takes a moment, counts itself and leaves the jar.
        script(root.resolve("mvnw"), "echo build >> \"$(dirname \"$0\")/builds\"; sleep 2; "
                + "mkdir -p cli/target; touch cli/target/kubexm.jar");
        Files.createDirectories(root.resolve("cli/src/main/java"));
        Files.writeString(root.resolve("cli/src/main/java/A.java"), "class A {}");
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : TOOLS) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(tools.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
    }

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A JDK whose java reports {@code major} and, run on the jar, prints which JDK it is. */
    private Path jdk(Path dir, int major) throws IOException {
        script(dir.resolve("bin/java"), "case \"$*\" in *-XshowSettings*) echo \"    java.specification.version = "
                + major + "\" >&2; exit 0;; esac\necho \"ran $0\"");
        script(dir.resolve("bin/javac"), "exit 0");
        return dir;
    }

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tools.resolve("bash").toString(), root.resolve("kubexm").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("KUBEXM_JVM_DIR", tmp.resolve("no-jvm-dir").toString());
        pb.environment().putAll(env);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        int exit = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
        return new Run(exit, Files.readString(out), Files.readString(err));
    }

    private void freshJar() throws IOException {
        Path jar = root.resolve("cli/target/kubexm.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        // A minute back: file times are coarse (a few ms), so a source written right after must still be newer.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        try (var files = Files.walk(root.resolve("cli/src"))) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
            }
        }
    }

    @Test
    void findsJavaHomeFirstThenJavacOnPathThenTheJvmDirectory() throws Exception {
        freshJar();
        Path jvms = tmp.resolve("jvm");
        Path old = jdk(jvms.resolve("jdk-17"), 17);
        Path jvmDir25 = jdk(jvms.resolve("jdk-25"), 25);
        Path onPath = jdk(tmp.resolve("path-jdk-21"), 21);
        Path home = jdk(tmp.resolve("home-jdk-22"), 22);
        String path = onPath.resolve("bin") + ":" + tools;
        String jvmDir = jvms.toString();

        assertThat(launch(Map.of("JAVA_HOME", home.toString(), "PATH", path, "KUBEXM_JVM_DIR", jvmDir), "version").out())
                .startsWith("ran " + home.resolve("bin/java"));
        // A JAVA_HOME too old is passed over.
        assertThat(launch(Map.of("JAVA_HOME", old.toString(), "PATH", path, "KUBEXM_JVM_DIR", jvmDir), "version").out())
                .startsWith("ran " + onPath.resolve("bin/java"));
        assertThat(launch(Map.of("KUBEXM_JVM_DIR", jvmDir), "version").out())
                .startsWith("ran " + jvmDir25.resolve("bin/java"));
    }

    @Test
    void withoutAJdk21SaysWhatToInstallAndExitsTwo() throws Exception {
        Path jvms = tmp.resolve("jvm");
        Path old = jdk(jvms.resolve("jdk-17"), 17);
        Run r = launch(Map.of("JAVA_HOME", old.toString(), "KUBEXM_JVM_DIR", jvms.toString()), "version");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kubexm needs a JDK 21 or newer and found none (looked at JAVA_HOME, javac on PATH"
                + " and " + jvms + "/*).\nInstall one, for example: apt-get install openjdk-21-jdk-headless (or a"
                + " Temurin 21+ JDK),\nor point JAVA_HOME at it.\n");
    }

    @Test
    void rebuildsWhenTheJarIsMissingOrOlderThanASource() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", jdk(tmp.resolve("jdk"), 21).toString());
        assertThat(launch(env, "--launcher-stale").out()).isEqualTo("stale\n");
        freshJar();
        assertThat(launch(env, "--launcher-stale").out()).isEqualTo("fresh\n");
        // Output of runs (build/) and cluster configs (conf/) are not sources.
        script(root.resolve("build/demo/Gen.java"), "");
        script(root.resolve("conf/demo/Notes.java"), "");
        assertThat(launch(env, "--launcher-stale").out()).isEqualTo("fresh\n");
        Files.writeString(root.resolve("cli/src/main/java/A.java"), "class A { int x; }");
        assertThat(launch(env, "--launcher-stale").out()).isEqualTo("stale\n");
        Files.writeString(root.resolve("cli/src/main/java/A.java"), "class A {}");
        freshJar();
        Files.createDirectories(root.resolve("cli/src/main/resources"));
        Files.writeString(root.resolve("cli/src/main/resources/x.properties"), "a=b");
        assertThat(launch(env, "--launcher-stale").out()).isEqualTo("stale\n");
    }

    @Test
    void twoFirstRunsAtOnceBuildOnce() throws Exception {
        Path jdk = jdk(tmp.resolve("jdk"), 21);
        List<String> command = List.of(tools.resolve("bash").toString(), root.resolve("kubexm").toString(), "version");
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                    .redirectOutput(tmp.resolve("out" + i).toFile()).redirectError(tmp.resolve("err" + i).toFile());
            pb.environment().clear();
            pb.environment().putAll(Map.of("PATH", tools.toString(), "JAVA_HOME", jdk.toString(),
                    "KUBEXM_JVM_DIR", tmp.resolve("none").toString()));
            runs.add(pb.start());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(runs.get(i).waitFor()).as(Files.readString(tmp.resolve("err" + i))).isZero();
            assertThat(Files.readString(tmp.resolve("out" + i))).startsWith("ran " + jdk.resolve("bin/java"));
        }
        assertThat(Files.readAllLines(root.resolve("builds"))).containsExactly("build");
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", REPO.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes()).strip();
        assumeTrue(git.waitFor() == 0, "not a git checkout: " + out);
        return out;
    }

    @Test
    void versionPrintsTheCommitOfTheCheckout() throws Exception {
        // git-commit-id-maven-plugin reads the main checkout's HEAD from a linked worktree (its issue #882).
        assumeTrue(Path.of(git("rev-parse", "--absolute-git-dir"))
                .equals(REPO.resolve(git("rev-parse", "--git-common-dir")).normalize()), "a linked git worktree");
        assertThat(new VersionCommand.Provider().getVersion()[1]).isEqualTo("commit " + git("rev-parse", "--short=10", "HEAD"));
    }
}
