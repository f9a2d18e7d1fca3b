package io.kubexm.engine;

import static io.kubexm.engine.Plans.hosts;
import static io.kubexm.engine.Plans.module;
import static io.kubexm.engine.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.engine.FakeWorld.Ensure;
import io.kubexm.engine.FakeWorld.Fail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorTest {
    @TempDir
    Path dir;
    StateStore store;
    final FakeWorld world = new FakeWorld();
    final RecordingSink events = new RecordingSink();

    @BeforeEach
    void open() {
        store = StateStore.open(dir.resolve("state.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    Executor.Builder executor() {
        return Executor.builder(store).sink(events).logDirectory(dir.resolve("logs"));
    }

    static Map<String, StepStatus> statuses(RunResult r) {
        Map<String, StepStatus> m = new HashMap<>();
        r.steps().forEach(s -> m.put(s.id(), s.status()));
        return m;
    }

    /** Journals start and end of every step, to check ordering. */
    record Timed(FakeWorld world, String name) implements Step {
        @Override
        public boolean check(StepContext ctx) throws InterruptedException {
            world.log("start " + name + "@" + ctx.host().name());
            Thread.sleep(2);
            world.log("end " + name + "@" + ctx.host().name());
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    @Test
    void stepsRunAfterEverythingTheyComeAfter() {
        List<Host> nodes = hosts("n1", "n2", "n3", "n4");
        Plan p = plan("order",
                module("one", Task.of("a", nodes, new Timed(world, "a1"), new Timed(world, "a2"))),
                module("two",
                        Task.of("b", nodes.subList(0, 2), new Timed(world, "b1")),
                        Task.of("c", nodes, new Timed(world, "c1"), new Timed(world, "c2")).after("b"),
                        Task.of("d", nodes.subList(3, 4), new Timed(world, "d1"))));
        RunResult r = executor().concurrency(3).build().run(p);
        assertThat(r.succeeded()).isTrue();

        List<String> journal = world.journal();
        Map<String, Integer> startAt = new HashMap<>();
        Map<String, Integer> endAt = new HashMap<>();
        for (int i = 0; i < journal.size(); i++) {
            String[] e = journal.get(i).split(" ");
            (e[0].equals("start") ? startAt : endAt).put(e[1], i);
        }
        assertThat(startAt).hasSize(p.nodes().size());
        for (PlanNode n : p.nodes()) {
            String me = n.step().name() + "@" + n.host().name();
            for (String after : n.after()) {
                PlanNode dep = p.node(after).orElseThrow();
                assertThat(endAt.get(dep.step().name() + "@" + dep.host().name()))
                        .as(me + " starts after " + after + " ends").isLessThan(startAt.get(me));
            }
        }
        // module two starts only when module one is done everywhere
        int lastOfOne = nodes.stream().mapToInt(h -> endAt.get("a2@" + h.name())).max().orElseThrow();
        assertThat(startAt.entrySet()).filteredOn(e -> !e.getKey().startsWith("a"))
                .allSatisfy(e -> assertThat(e.getValue()).isGreaterThan(lastOfOne));
        // one step at a time per host
        for (Host h : nodes) {
            List<String> mine = journal.stream().filter(e -> e.endsWith("@" + h.name())).toList();
            for (int i = 0; i < mine.size(); i += 2) {
                assertThat(mine.get(i)).startsWith("start ");
                assertThat(mine.get(i + 1)).isEqualTo(mine.get(i).replace("start ", "end "));
            }
        }
    }

    /** Waits until {@code parties} steps run at once, and counts the peak. */
    record Crowd(CyclicBarrier barrier, AtomicInteger now, AtomicInteger peak) implements Step {
        @Override
        public String name() {
            return "crowd";
        }

        @Override
        public boolean check(StepContext ctx) throws InterruptedException, BrokenBarrierException,
                java.util.concurrent.TimeoutException {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                barrier.await(20, TimeUnit.SECONDS);
            } finally {
                now.decrementAndGet();
            }
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    @Test
    void atMostConcurrencyHostsRunAtOnce() {
        CyclicBarrier barrier = new CyclicBarrier(3);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        // 9 hosts in groups of exactly 3: the barrier only opens when 3 run together, and a 4th would raise the peak
        Plan p = plan("crowd", module("m", Task.of("t", hosts("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9"),
                new Crowd(barrier, now, peak))));
        RunResult r = executor().concurrency(3).build().run(p);
        assertThat(r.succeeded()).as(r.summary()).isTrue();
        assertThat(peak.get()).isEqualTo(3);
    }

    record Sleeper(AtomicBoolean interrupted, AtomicBoolean cancelled, CountDownLatch finished) implements Step {
        @Override
        public String name() {
            return "sleep";
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(300);
        }

        @Override
        public boolean check(StepContext ctx) {
            ctx.cancellation().onCancel(() -> cancelled.set(true));
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                interrupted.set(true);
            } finally {
                finished.countDown();
            }
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    @Test
    void aTimeoutCancelsAndInterruptsTheWork() throws InterruptedException {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Plan p = plan("slow", module("m", Task.of("t", hosts("n1"), new Sleeper(interrupted, cancelled, finished))));
        RunResult r = executor().build().run(p);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("m/t/sleep@n1");
            assertThat(f.error()).isEqualTo("timed out after 300ms; the work was cancelled and stopped");
        });
        // the step's thread really ended (it did not sleep its 5 minutes), through an interrupt
        assertThat(finished.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(cancelled).isTrue();
    }

    /** Ignores interrupts until released. */
    record Stubborn(CountDownLatch release) implements Step {
        @Override
        public String name() {
            return "stubborn";
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(100);
        }

        @Override
        public boolean check(StepContext ctx) {
            while (true) {
                try {
                    release.await();
                    return true;
                } catch (InterruptedException ignored) {
                    // this step does not honour cancellation
                }
            }
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    @Test
    void workThatIgnoresCancellationIsAbandonedAndSaidSo() {
        CountDownLatch release = new CountDownLatch(1);
        try {
            RunResult r = executor().cancelGrace(Duration.ofMillis(100)).build()
                    .run(plan("stuck", module("m", Task.of("t", hosts("n1"), new Stubborn(release)))));
            assertThat(r.failures()).singleElement().extracting(StepResult::error)
                    .isEqualTo("timed out after 100ms; the work did not stop within 100ms of being cancelled and was abandoned");
        } finally {
            release.countDown();
        }
    }

    /** Fails its first {@code failures} attempts. */
    record Flaky(AtomicInteger calls, int failures, Retry retry) implements Step {
        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("connection refused (" + calls.get() + ")");
            }
        }

        @Override
        public void verify(StepContext ctx) {
        }
    }

    @Test
    void retriesWithGrowingBackoffThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        Plan p = plan("retry", module("m", Task.of("t", hosts("n1"),
                new Flaky(calls, 2, new Retry(4, Duration.ofMillis(10), 3, Duration.ofSeconds(1))))));
        RunResult r = executor().build().run(p);
        assertThat(r.succeeded()).isTrue();
        assertThat(calls).hasValue(3);
        assertThat(events.messages("flaky")).containsSubsequence(
                "attempt 1/4 failed: connection refused (1); retrying in 10 ms",
                "attempt 2/4 failed: connection refused (2); retrying in 30 ms",
                "changed");
    }

    @Test
    void givesUpAfterTheDeclaredAttempts() {
        AtomicInteger calls = new AtomicInteger();
        Plan p = plan("retry", module("m", Task.of("t", hosts("n1"),
                new Flaky(calls, 5, Retry.times(2, Duration.ofMillis(1))))));
        RunResult r = executor().build().run(p);
        assertThat(calls).hasValue(2);
        assertThat(r.failures()).singleElement().extracting(StepResult::error)
                .isEqualTo("connection refused (2) (after 2 attempts)");
    }

    @Test
    void aStepWithoutRetriesRunsOnce() {
        AtomicInteger calls = new AtomicInteger();
        RunResult r = executor().build().run(plan("once", module("m", Task.of("t", hosts("n1"),
                new Flaky(calls, 1, Retry.NONE)))));
        assertThat(calls).hasValue(1);
        assertThat(r.failures()).singleElement().extracting(StepResult::error).isEqualTo("connection refused (1)");
    }

    /** Applies half of its change, then fails: reversible, so the rollback undoes the half. */
    record HalfDone(FakeWorld world, String name, String fact, String why) implements Reversible {
        @Override
        public boolean check(StepContext ctx) {
            return world.has(ctx.host().name(), fact);
        }

        @Override
        public void apply(StepContext ctx) {
            world.on(ctx.host().name()).add(fact);
            throw new IllegalStateException(why);
        }

        @Override
        public void rollback(StepContext ctx) {
            world.on(ctx.host().name()).remove(fact);
        }

        @Override
        public String inputs() {
            return name;
        }
    }

    @Test
    void theStepThatFailedStaysFailedWithItsErrorWhenItsTaskIsRolledBack() {
        Plan p = plan("atomic", module("m", Task.of("install", hosts("n1"),
                new Ensure(world, "a", "A"), new HalfDone(world, "c", "half of C", "disk full"))));
        RunResult r = executor().build().run(p);

        assertThat(world.on("n1")).isEmpty();
        assertThat(statuses(r)).containsEntry("m/install/a@n1", StepStatus.ROLLED_BACK)
                .containsEntry("m/install/c@n1", StepStatus.FAILED);
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.step()).isEqualTo("c");
            assertThat(f.error()).contains("disk full", "rolled back");
        });
        assertThat(r.summary()).contains("  failed:\n    n1  m/install/c: disk full");
        assertThat(store.latest(r.runId(), "m/install/c@n1")).get().extracting(StateStore.StepRecord::status)
                .isEqualTo(StepStatus.FAILED);
    }

    @Test
    void aFailedTaskRollsBackItsAppliedStepsLastFirstOnEveryHost() {
        List<Host> nodes = hosts("n1", "n2");
        Plan p = plan("atomic",
                module("m",
                        Task.of("done", nodes, new Ensure(world, "keep", "kept")),
                        Task.perHost("install", nodes, h -> List.of(
                                new Ensure(world, "a", "A"),
                                new Ensure(world, "b", "B"),
                                h.name().equals("n2") ? new Fail(world, "c", "disk full") : new Ensure(world, "c", "C")))
                                .after("done")),
                module("later", Task.of("never", nodes, new Ensure(world, "z", "Z"))));
        world.on("n1").add("B"); // already there: unchanged, so not rolled back
        RunResult r = executor().concurrency(1).build().run(p);

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(world.on("n1")).containsExactlyInAnyOrder("kept", "B");
        assertThat(world.on("n2")).containsExactly("kept");
        // hosts roll back in parallel, each in LIFO order; n2's failed step never applied anything reversible
        List<String> rollbacks = world.journal(" rollback");
        assertThat(rollbacks).filteredOn(e -> e.startsWith("n1 ")).containsExactly("n1 c rollback", "n1 a rollback");
        assertThat(rollbacks).filteredOn(e -> e.startsWith("n2 ")).containsExactly("n2 b rollback", "n2 a rollback");
        Map<String, StepStatus> s = statuses(r);
        assertThat(s).containsEntry("m/done/keep@n1", StepStatus.CHANGED)
                .containsEntry("m/install/a@n1", StepStatus.ROLLED_BACK)
                .containsEntry("m/install/b@n1", StepStatus.UNCHANGED)
                .containsEntry("m/install/c@n2", StepStatus.FAILED)
                .containsEntry("later/never/z@n1", StepStatus.NOT_RUN);
        assertThat(r.summary()).contains("n2  m/install/c: disk full");
        assertThat(store.steps(r.runId())).filteredOn(x -> x.status() == StepStatus.ROLLED_BACK).hasSize(4);
    }

    @Test
    void failFastReportsEveryFailedHostAndStep() {
        Plan p = plan("preflight", module("pre", Task.of("checks", hosts("n1", "n2", "n3"),
                new FakeWorld.Fail(world, "os", "unsupported OS"))),
                module("install", Task.of("x", hosts("n1"), new Ensure(world, "x", "X"))));
        RunResult r = executor().build().run(p);
        assertThat(r.failures()).extracting(StepResult::host).containsExactly("n1", "n2", "n3");
        assertThat(r.summary()).contains("n1  pre/checks/os: unsupported OS", "n3  pre/checks/os: unsupported OS");
        assertThat(world.on("n1")).isEmpty();
    }

    @Test
    void aSecondRunChangesNothingAndSaysSo() {
        Plan p = plan("idem", module("m", Task.of("t", hosts("n1", "n2"),
                new Ensure(world, "a", "A"), new Ensure(world, "b", "B"))));
        RunResult first = executor().build().run(p);
        assertThat(first.count(StepStatus.CHANGED)).isEqualTo(4);
        RunResult second = executor().build().run(p);
        assertThat(second.count(StepStatus.UNCHANGED)).isEqualTo(4);
        assertThat(second.changedNothing()).isTrue();
        assertThat(second.summary()).contains("4 steps: 4 unchanged", "nothing changed: every host was already in the desired state");
        assertThat(events.events()).filteredOn(e -> e.run().equals(second.runId()) && e.step().equals("a"))
                .extracting(Event::message).contains("unchanged");
    }

    static final Key<String> TOKEN = Key.of("join-token", String.class);

    record MakeToken(FakeWorld world) implements Step {
        @Override
        public String name() {
            return "make-token";
        }

        @Override
        public Set<Key<?>> produces() {
            return Set.of(TOKEN);
        }

        @Override
        public boolean check(StepContext ctx) {
            world.log(ctx.host().name() + " make-token check");
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            ctx.put(TOKEN, "abcdef.0123456789abcdef");
        }

        @Override
        public void verify(StepContext ctx) {
        }
    }

    record Join(FakeWorld world, Map<String, String> seen) implements Step {
        @Override
        public String name() {
            return "join";
        }

        @Override
        public Set<Key<?>> consumes() {
            return Set.of(TOKEN);
        }

        @Override
        public boolean check(StepContext ctx) {
            return world.has(ctx.host().name(), "joined");
        }

        @Override
        public void apply(StepContext ctx) {
            seen.put(ctx.host().name(), ctx.get(TOKEN));
            world.on(ctx.host().name()).add("joined");
        }
    }

    @Test
    void consumersReceiveTheProducersValue() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        Plan p = plan("keys", module("m",
                Task.of("join", hosts("n2", "n3"), new Join(world, seen)),
                Task.of("token", hosts("n1"), new MakeToken(world))));
        // the key edge alone orders the tasks: join was declared first
        RunResult r = executor().build().run(p);
        assertThat(r.succeeded()).as(r.summary()).isTrue();
        assertThat(seen).containsOnly(Map.entry("n2", "abcdef.0123456789abcdef"), Map.entry("n3", "abcdef.0123456789abcdef"));
        assertThat(store.blackboard(r.runId())).containsEntry("join-token", "\"abcdef.0123456789abcdef\"");
    }

    record Sneaky(String name, boolean read) implements Step {
        @Override
        public Set<Key<?>> produces() {
            return read ? Set.of() : Set.of(TOKEN);
        }

        @Override
        public boolean check(StepContext ctx) {
            if (read) {
                ctx.get(TOKEN);
            }
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    @Test
    void keysMustBeDeclaredAndProducedValuesPut() {
        RunResult undeclared = executor().build().run(plan("p", module("m", Task.of("t", hosts("n1"), new Sneaky("peek", true)))));
        assertThat(undeclared.failures()).singleElement().extracting(StepResult::error).asString()
                .contains("reads key 'join-token' without declaring it in consumes()");
        RunResult lazy = executor().build().run(plan("p", module("m", Task.of("t", hosts("n1"), new Sneaky("lazy", false)))));
        assertThat(lazy.failures()).singleElement().extracting(StepResult::error).asString()
                .contains("declares that it produces key 'join-token' but did not put a value");
    }

    @Test
    void aDryRunOnlyChecks() {
        world.on("n1").add("A");
        Map<String, String> seen = new ConcurrentHashMap<>();
        Plan p = plan("dry", module("m",
                Task.of("t", hosts("n1", "n2"), new Ensure(world, "a", "A")),
                Task.of("token", hosts("n1"), new MakeToken(world)),
                Task.of("join", hosts("n2"), new Join(world, seen)).after("token")));
        RunResult r = executor().dryRun(true).build().run(p);
        assertThat(r.succeeded()).isTrue();
        assertThat(statuses(r)).containsEntry("m/t/a@n1", StepStatus.UNCHANGED)
                .containsEntry("m/t/a@n2", StepStatus.WOULD_CHANGE)
                .containsEntry("m/token/make-token@n1", StepStatus.WOULD_CHANGE)
                .containsEntry("m/join/join@n2", StepStatus.WOULD_RUN);
        assertThat(world.journal()).noneMatch(e -> e.endsWith(" apply"));
        assertThat(world.on("n2")).isEmpty();
        assertThat(seen).isEmpty();
        assertThat(r.summary()).contains("dry run: nothing was changed");
        assertThat(store.run(r.runId()).orElseThrow().dryRun()).isTrue();
    }

    /** Stands in for a per-host runner that ops would attach: the engine never knows its type. */
    static final class FakeRunner implements AutoCloseable {
        final String host;
        final List<String> commands = new ArrayList<>();
        boolean closed;

        FakeRunner(String host) {
            this.host = host;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final ServiceKey<FakeRunner> RUNNER = ServiceKey.of("runner", FakeRunner.class);

    record UsesRunner(String name) implements Step {
        @Override
        public boolean check(StepContext ctx) {
            ctx.service(RUNNER).commands.add("systemctl is-active etcd");
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    @Test
    void servicesAreAttachedPerHostCreatedOnUseAndClosed() {
        Map<String, FakeRunner> opened = new ConcurrentHashMap<>();
        Plan p = plan("svc", module("m",
                Task.of("t", hosts("n1", "n2"), new UsesRunner("uses-runner"), new UsesRunner("again")),
                Task.of("u", hosts("n3"), new Ensure(world, "x", "X"))));
        RunResult r = executor().services(h -> Services.builder()
                .add(RUNNER, () -> opened.merge(h.name(), new FakeRunner(h.name()), (a, b) -> {
                    throw new AssertionError("second runner for " + h.name());
                }))
                .build()).build().run(p);
        assertThat(r.succeeded()).as(r.summary()).isTrue();
        assertThat(opened).containsOnlyKeys("n1", "n2"); // n3 never asked for one
        assertThat(opened.values()).allSatisfy(runner -> {
            assertThat(runner.commands).containsExactly("systemctl is-active etcd", "systemctl is-active etcd");
            assertThat(runner.closed).isTrue();
        });
        RunResult missing = executor().build().run(plan("svc", module("m", Task.of("t", hosts("n1"), new UsesRunner("uses-runner")))));
        assertThat(missing.failures()).singleElement().extracting(StepResult::error)
                .isEqualTo("step 'm/t/uses-runner@n1' needs service 'runner', but none is attached to host 'n1'");
    }

    @Test
    void theEventLogHasEveryFieldOnEveryLine() throws Exception {
        Plan p = plan("events", module("m", Task.of("t", hosts("n1"), new Ensure(world, "a", "A"))));
        RunResult r = executor().build().run(p);
        Path log = dir.resolve("logs").resolve(r.runId() + ".jsonl");
        assertThat(r.log()).contains(log);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> lines = java.nio.file.Files.readAllLines(log);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(mapper.readTree(line).properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("timestamp", "level", "run", "pipeline", "module", "task", "step", "node", "message",
                        "duration_ms"));
        var stepEnd = lines.stream().map(l -> {
            try {
                return mapper.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> "changed".equals(n.get("message").asText())).findFirst().orElseThrow();
        assertThat(stepEnd.get("run").asText()).isEqualTo(r.runId());
        assertThat(stepEnd.get("pipeline").asText()).isEqualTo("events");
        assertThat(stepEnd.get("module").asText()).isEqualTo("m");
        assertThat(stepEnd.get("task").asText()).isEqualTo("t");
        assertThat(stepEnd.get("step").asText()).isEqualTo("a");
        assertThat(stepEnd.get("node").asText()).isEqualTo("n1");
        assertThat(stepEnd.get("duration_ms").isNumber()).isTrue();
        java.time.Instant.parse(stepEnd.get("timestamp").asText());
    }
}
