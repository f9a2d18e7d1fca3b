package io.kubexm.engine;

import static io.kubexm.engine.Plans.hosts;
import static io.kubexm.engine.Plans.module;
import static io.kubexm.engine.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
    static final Key<String> TOKEN = Key.of("join-token", String.class);

    @TempDir
    Path dir;

    final Map<String, AtomicInteger> applies = new ConcurrentHashMap<>();
    final AtomicBoolean gateOpen = new AtomicBoolean(false);
    /** Both hosts reach the closed gate before either fails, so fail-fast cannot keep one of them from failing. */
    final CountDownLatch bothAtGate = new CountDownLatch(2);
    final Map<String, String> tokensSeen = new ConcurrentHashMap<>();

    int applied(String id) {
        return applies.getOrDefault(id, new AtomicInteger()).get();
    }

    /** Counts its applies; its input is {@code setting}. */
    record Counting(Map<String, AtomicInteger> applies, String name, String setting) implements Step {
        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            applies.computeIfAbsent(name + "@" + ctx.host().name(), k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void verify(StepContext ctx) {
        }

        @Override
        public Object inputs() {
            return name + ":" + setting;
        }
    }

    record Issue(Map<String, AtomicInteger> applies) implements Step {
        @Override
        public String name() {
            return "issue-token";
        }

        @Override
        public Set<Key<?>> produces() {
            return Set.of(TOKEN);
        }

        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            int n = applies.computeIfAbsent("issue-token", k -> new AtomicInteger()).incrementAndGet();
            ctx.put(TOKEN, "token-" + n);
        }

        @Override
        public Object inputs() {
            return "issue-token";
        }

        @Override
        public void verify(StepContext ctx) {
        }
    }

    /** Fails (once every host has arrived) until the gate opens; reads the token. */
    record Gate(AtomicBoolean open, CountDownLatch arrivals, Map<String, String> seen) implements Step {
        @Override
        public String name() {
            return "gate";
        }

        @Override
        public Set<Key<?>> consumes() {
            return Set.of(TOKEN);
        }

        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) throws InterruptedException {
            if (!open.get()) {
                arrivals.countDown();
                arrivals.await(30, TimeUnit.SECONDS);
                throw new IllegalStateException("port 6443 is held by process 4242 (haproxy)");
            }
            seen.put(ctx.host().name(), ctx.get(TOKEN));
        }

        @Override
        public void verify(StepContext ctx) {
        }

        @Override
        public Object inputs() {
            return "gate";
        }
    }

    Plan pipeline(String settingOnN2) {
        return plan("create",
                module("certs", Task.of("token", List.of(Host.controlNode()), new Issue(applies))),
                module("install", Task.perHost("t", hosts("n1", "n2"), h -> List.of(
                        new Counting(applies, "a", h.name().equals("n2") ? settingOnN2 : "x"),
                        new Gate(gateOpen, bothAtGate, tokensSeen)))));
    }

    RunResult first(Plan plan) {
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            RunResult r = Executor.builder(store).build().run(plan);
            assertThat(r.status()).isEqualTo(RunStatus.FAILED);
            return r;
        }
    }

    @Test
    void aResumedRunSkipsCompletedStepsAndGetsTheirValuesBack() {
        RunResult failed = first(pipeline("x"));
        assertThat(failed.failures()).extracting(StepResult::id).containsExactly("install/t/gate@n1", "install/t/gate@n2");
        assertThat(failed.summary()).contains("fix the cause, then resume run " + failed.runId());

        gateOpen.set(true);
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) { // a new process would open it again
            assertThat(store.latestResumable("create")).map(StateStore.RunRecord::id).contains(failed.runId());
            RunResult resumed = Executor.builder(store).build().resume(pipeline("x"), failed.runId());

            assertThat(resumed.succeeded()).as(resumed.summary()).isTrue();
            assertThat(resumed.runId()).isEqualTo(failed.runId());
            assertThat(resumed.attempt()).isEqualTo(2);
            assertThat(ExecutorTest.statuses(resumed)).containsEntry("certs/token/issue-token@control-node", StepStatus.SKIPPED)
                    .containsEntry("install/t/a@n1", StepStatus.SKIPPED)
                    .containsEntry("install/t/a@n2", StepStatus.SKIPPED)
                    .containsEntry("install/t/gate@n1", StepStatus.CHANGED);
            assertThat(applied("issue-token")).isEqualTo(1);
            assertThat(applied("a@n1")).isEqualTo(1);
            // the value the skipped producer made in attempt 1 came back from the state database
            assertThat(tokensSeen).containsOnly(Map.entry("n1", "token-1"), Map.entry("n2", "token-1"));
            assertThat(store.run(failed.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(store.latestResumable("create")).isEmpty();
            assertThatThrownBy(() -> Executor.builder(store).build().resume(pipeline("x"), failed.runId()))
                    .hasMessageContaining("succeeded, there is nothing to resume");
        }
    }

    @Test
    void aStepWhoseInputsChangedRunsAgain() {
        RunResult failed = first(pipeline("x"));
        gateOpen.set(true);
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            RunResult resumed = Executor.builder(store).build().resume(pipeline("changed"), failed.runId());
            assertThat(ExecutorTest.statuses(resumed)).containsEntry("install/t/a@n1", StepStatus.SKIPPED)
                    .containsEntry("install/t/a@n2", StepStatus.CHANGED);
            assertThat(applied("a@n1")).isEqualTo(1);
            assertThat(applied("a@n2")).isEqualTo(2);
        }
    }

    record SetPassword(io.kubexm.util.Secret password) implements Step {
        @Override
        public String name() {
            return "set-password";
        }

        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
        }

        @Override
        public void verify(StepContext ctx) {
        }
    }

    @Test
    void aChangedSecretCountsAsAChangedInputThoughItIsNeverShown() {
        assertThat(new SetPassword(io.kubexm.util.Secret.of("a")).toString()).doesNotContain("a]");
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            String runId = Executor.builder(store).build().run(withPassword("old")).runId();
            RunResult same = Executor.builder(store).build().resume(withPassword("old"), runId);
            assertThat(ExecutorTest.statuses(same)).containsEntry("m/t/set-password@n1", StepStatus.SKIPPED);
            RunResult changed = Executor.builder(store).build().resume(withPassword("new"), runId);
            assertThat(ExecutorTest.statuses(changed)).containsEntry("m/t/set-password@n1", StepStatus.CHANGED);
        }
    }

    static Plan withPassword(String password) {
        return plan("pw", module("m", Task.of("t", hosts("n1"), new SetPassword(io.kubexm.util.Secret.of(password)), new Fail())));
    }

    record Fail() implements Step {
        @Override
        public String name() {
            return "fail";
        }

        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            throw new IllegalStateException("no");
        }
    }

    @Test
    void onlyFailedOrKilledRunsOfTheSamePipelineResume() {
        RunResult failed = first(pipeline("x"));
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            Plan other = plan("delete", module("m", Task.of("t", hosts("n1"), new Counting(applies, "a", "x"))));
            assertThatThrownBy(() -> Executor.builder(store).build().resume(other, failed.runId()))
                    .hasMessage("run '" + failed.runId() + "' ran pipeline 'create', not 'delete'");
            assertThatThrownBy(() -> Executor.builder(store).dryRun(true).build().resume(pipeline("x"), failed.runId()))
                    .hasMessageContaining("a dry run cannot resume a run");
            assertThatThrownBy(() -> Executor.builder(store).build().resume(pipeline("x"), "20000101-000000-dead"))
                    .hasMessageContaining("no run '20000101-000000-dead'");
        }
    }

    @Test
    void aSecondRunCannotOpenTheSameState() {
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            assertThatThrownBy(() -> StateStore.open(dir.resolve("state.db")))
                    .hasMessageContaining("another kubexm run is using");
            assertThat(store.runs()).isEmpty();
        }
    }
}
