package io.kubexm.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A kubexm command run, in this JVM or in its own, with what it printed to stdout and stderr. */
record CliRun(int exit, String out, String err) {

    /** In this JVM, for what does not depend on the working directory. */
    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** In a JVM of its own working in {@code workDir}, as {@code ./kubexm} runs: runs write conf/ and build/ there. */
    static CliRun in(Path workDir, String... args) throws IOException, InterruptedException {
        return in(workDir, Map.of(), args);
    }

    /** The same with {@code env} added to the environment (which never has KUBEXM_DEBUG unless given). */
    static CliRun in(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("kubexm-out", ".txt");
        Path err = Files.createTempFile("kubexm-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove(Main.DEBUG_ENV);
            pb.environment().putAll(env);
            int exit = pb.start().waitFor();
            return new CliRun(exit, Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
