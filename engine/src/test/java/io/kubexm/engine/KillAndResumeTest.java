package io.kubexm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a pipeline in a real child JVM, kills it with SIGKILL while a step hangs, resumes it in a
 * new JVM and reads the state database to prove that the completed steps did not run again.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    Process start(String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), KillableRun.class.getName(), mode,
                dir.resolve("state.db").toString(), dir.resolve("logs").toString(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(mode + ".out").toFile()))
                .start();
    }

    List<String> journal() throws IOException {
        Path j = dir.resolve("journal");
        return Files.exists(j) ? Files.readAllLines(j) : List.of();
    }

    String output(String mode) throws IOException {
        return Files.readString(dir.resolve(mode + ".out"));
    }

    @Test
    void aRunKilledMidwayResumesWithoutRepeatingCompletedSteps() throws Exception {
        Process first = start("first");
        // wait until n1 hangs in s4 and n2 has finished its six steps
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!(Files.exists(dir.resolve("blocked")) && journal().contains("s6@n2"))) {
            assertThat(first.isAlive()).as("child exited early:\n" + output("first")).isTrue();
            assertThat(System.nanoTime()).as("child did not reach s4 on n1:\n" + output("first")).isLessThan(deadline);
            Thread.sleep(50);
        }
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        assertThat(first.waitFor()).isEqualTo(128 + 9);

        String runId;
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            StateStore.RunRecord run = store.runs().getFirst();
            runId = run.id();
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING); // killed: never marked finished
            Map<String, StepStatus> afterKill = store.steps(runId).stream()
                    .collect(Collectors.toMap(StateStore.StepRecord::stepId, StateStore.StepRecord::status));
            assertThat(afterKill).containsEntry("install/t/s3@n1", StepStatus.CHANGED)
                    .containsEntry("install/t/s4@n1", StepStatus.RUNNING)
                    .containsEntry("install/t/s6@n2", StepStatus.CHANGED)
                    .doesNotContainKey("install/t/s5@n1");
            assertThat(store.blackboard(runId)).containsKey("token");
        }

        Process resume = start("resume");
        assertThat(resume.waitFor(2, TimeUnit.MINUTES)).as(output("resume")).isTrue();
        assertThat(resume.exitValue()).as(output("resume")).isZero();

        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            StateStore.RunRecord run = store.run(runId).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.attempts()).isEqualTo(2);
            List<StateStore.StepRecord> second = store.steps(runId).stream().filter(s -> s.attempt() == 2).toList();
            Map<String, StepStatus> resumed = second.stream()
                    .collect(Collectors.toMap(StateStore.StepRecord::stepId, StateStore.StepRecord::status));
            assertThat(resumed).containsOnly(
                    Map.entry("install/t/s1@n1", StepStatus.SKIPPED),
                    Map.entry("install/t/s2@n1", StepStatus.SKIPPED),
                    Map.entry("install/t/s3@n1", StepStatus.SKIPPED),
                    Map.entry("install/t/s4@n1", StepStatus.CHANGED),
                    Map.entry("install/t/s5@n1", StepStatus.CHANGED),
                    Map.entry("install/t/s6@n1", StepStatus.CHANGED),
                    Map.entry("install/t/s1@n2", StepStatus.SKIPPED),
                    Map.entry("install/t/s2@n2", StepStatus.SKIPPED),
                    Map.entry("install/t/s3@n2", StepStatus.SKIPPED),
                    Map.entry("install/t/s4@n2", StepStatus.SKIPPED),
                    Map.entry("install/t/s5@n2", StepStatus.SKIPPED),
                    Map.entry("install/t/s6@n2", StepStatus.SKIPPED));
        }
        // and the hosts saw each step once; the resumed s5 used the token minted before the kill
        List<String> journal = journal();
        List<String> minted = journal.stream().filter(l -> l.startsWith("s2@n1 minted ")).toList();
        assertThat(minted).hasSize(1);
        String token = minted.getFirst().substring("s2@n1 minted ".length());
        assertThat(journal).containsExactlyInAnyOrder(
                "s1@n1", "s2@n1 minted " + token, "s3@n1", "s4@n1", "s5@n1 used " + token, "s6@n1",
                "s1@n2", "s2@n2", "s3@n2", "s4@n2", "s5@n2", "s6@n2");
        assertThat(output("resume")).contains("skipped: done in an earlier attempt with the same inputs");
        assertThat(Files.readAllLines(dir.resolve("logs").resolve(runId + ".jsonl")))
                .anyMatch(l -> l.contains("resuming run, attempt 2"));
    }
}
