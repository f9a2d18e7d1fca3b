package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Exit codes and error output as a user sees them: 0 success, 1 a run failed, 2 invalid input or usage. */
class ExitCodesTest {
    private static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", "..")).toAbsolutePath().normalize();
    /** Its hosts are documentation addresses (192.168.10.x): nothing here gets far enough to reach them. */
    private static final String CONFIG = REPO.resolve("examples/topologies/01-kubeadm-kubeadm-single-nolb.yaml").toString();

    @TempDir
    Path work;

    private static void assertOneLineRefusal(CliRun r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).isEqualTo("kubexm: " + message + "\n");
    }

    @Test
    void aBinaryFileIsReportedAsNotText() throws Exception {
        Path binary = Files.write(work.resolve("cluster.yaml"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff, (byte) 0xfe});
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = Main.commandLine().setErr(new java.io.PrintWriter(err)).execute("validate", "-f", binary.toString());
        assertThat(exit).isEqualTo(Main.EXIT_INVALID);
        assertThat(err.toString()).startsWith(binary + ": not UTF-8 text\n    hint: ");
    }

    @Test
    void concurrencyBelowOneIsRefusedWhileParsing() throws Exception {
        assertOneLineRefusal(CliRun.in(work, "create", "cluster", "-f", CONFIG, "--concurrency", "0"),
                "--concurrency must be at least 1, was 0");
        assertOneLineRefusal(CliRun.in(work, "delete", "cluster", "-f", CONFIG, "--concurrency=-3", "--yes"),
                "--concurrency must be at least 1, was -3");
    }

    @Test
    void dryRunAndResumeTogetherAreRefused() throws Exception {
        assertOneLineRefusal(CliRun.in(work, "create", "cluster", "-f", CONFIG, "--dry-run", "--resume"),
                "--dry-run and --resume do not go together: a dry run changes nothing, so there is nothing to"
                        + " continue; drop one of them");
    }

    @Test
    void resumingARunThatIsNotThereIsInvalidInput() throws Exception {
        CliRun r = CliRun.in(work, "create", "cluster", "-f", CONFIG, "--resume", "no-such-run");
        assertOneLineRefusal(r, "no run 'no-such-run' in " + work.resolve("build/row1/state.db"));
    }

    @Test
    void resumingWhenNothingIsUnfinishedIsInvalidInputThatSaysWhatToDo() throws Exception {
        CliRun r = CliRun.in(work, "create", "cluster", "-f", CONFIG, "--resume");
        assertOneLineRefusal(r, "nothing to resume: " + Path.of("build/row1/state.db") + " has no unfinished run of"
                + " create-cluster; run it without --resume");
    }

    @Test
    void theStackTraceIsOnlyShownWithKubexmDebug() throws Exception {
        CliRun quiet = CliRun.in(work, "create", "cluster", "-f", CONFIG, "--resume", "no-such-run");
        CliRun debug = CliRun.in(work, Map.of(Main.DEBUG_ENV, "1"), "create", "cluster", "-f", CONFIG, "--resume", "no-such-run");
        assertThat(quiet.err()).doesNotContain("\tat ");
        assertThat(debug.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(debug.err()).startsWith(quiet.err()).contains("InvalidInputException", "\tat io.kubexm.");
    }

    @Test
    void aFailureInsideACommandExitsOneWithItsMessageOnly() {
        // A command that fails the way a run does: an exception that is not about the input.
        @CommandLine.Command(name = "boom")
        class Boom implements Runnable {
            @Override
            public void run() {
                throw new IllegalStateException("node1: step start-etcd failed");
            }
        }
        CommandLine cli = Main.commandLine().addSubcommand(new Boom());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        assertThat(cli.execute("boom")).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(err.toString()).isEqualTo("kubexm: node1: step start-etcd failed\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "config", "lab", "create", "delete", "push"})
    void aParentCommandWithoutSubcommandPrintsUsageToStderrAndExitsTwo(String parent) throws Exception {
        CliRun r = CliRun.in(work, parent.isEmpty() ? new String[0] : new String[] {parent});
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kubexm: Missing required subcommand\n")
                .contains("Usage: kubexm" + (parent.isEmpty() ? "" : " " + parent));
    }

    @Test
    void everyCommandAnswersHelp() {
        List<String> failed = new ArrayList<>();
        helpOf(Main.commandLine(), List.of(), failed);
        assertThat(failed).isEmpty();
    }

    private static void helpOf(CommandLine cmd, List<String> path, List<String> failed) {
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(path);
            args.add(flag);
            java.io.StringWriter out = new java.io.StringWriter();
            int exit = Main.commandLine().setOut(new java.io.PrintWriter(out)).execute(args.toArray(String[]::new));
            if (exit != 0 || !out.toString().startsWith("Usage: kubexm")) {
                failed.add(String.join(" ", args) + " -> " + exit);
            }
        }
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                helpOf(sub, next, failed);
            }
        });
    }

    @Test
    void helpCommandShowsASubcommandsUsage() {
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = Main.commandLine().setOut(new java.io.PrintWriter(out)).execute("help", "validate");
        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Usage: kubexm validate");
    }
}
