package io.kubexm.engine;

import io.kubexm.util.Secret;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs a {@link Plan}. Modules run in order; within a module, steps run as soon as the steps
 * they come after have finished, each host running one step at a time and at most
 * {@code concurrency} hosts busy at once. Each step is checkpointed in the {@link StateStore}.
 * On the first failure no new step starts, the steps already running finish, and every task of
 * the module that did not complete is rolled back (its applied reversible steps, last applied
 * first, on each of its hosts). A resumed run skips the steps that completed with the same
 * inputs. A dry run only calls {@link Step#check}.
 */
public final class Executor {
    public static final int DEFAULT_CONCURRENCY = 50;

    private final StateStore state;
    private final Optional<Path> logDirectory;
    private final List<EventSink> sinks;
    private final int concurrency;
    private final boolean dryRun;
    private final Function<Host, Services> services;
    private final Redactor redactor;
    private final Duration cancelGrace;
    private final Optional<MeterRegistry> metrics;

    private Executor(Builder b) {
        this.state = b.state;
        this.logDirectory = b.logDirectory;
        this.sinks = List.copyOf(b.sinks);
        this.concurrency = b.concurrency;
        this.dryRun = b.dryRun;
        this.services = b.services;
        this.redactor = new Redactor(b.secrets);
        this.cancelGrace = b.cancelGrace;
        this.metrics = b.metrics;
    }

    public static Builder builder(StateStore state) {
        return new Builder(state);
    }

    /** Starts a new run of {@code plan}. */
    public RunResult run(Plan plan) {
        return new Execution(plan, state.createRun(plan.pipeline(), dryRun), false).execute();
    }

    /** Continues a failed or killed run, skipping the steps it completed with unchanged inputs. */
    public RunResult resume(Plan plan, String runId) {
        if (dryRun) {
            throw new IllegalArgumentException("a dry run cannot resume a run; drop --dry-run or --resume");
        }
        StateStore.RunRecord previous = state.run(runId).orElseThrow(() -> new IllegalArgumentException(
                "no run '" + runId + "' in " + state.file()));
        if (!previous.pipeline().equals(plan.pipeline())) {
            throw new IllegalArgumentException("run '" + runId + "' ran pipeline '" + previous.pipeline()
                    + "', not '" + plan.pipeline() + "'");
        }
        return new Execution(plan, state.resumeRun(runId), true).execute();
    }

    public static final class Builder {
        private final StateStore state;
        private Optional<Path> logDirectory = Optional.empty();
        private final List<EventSink> sinks = new ArrayList<>();
        private int concurrency = DEFAULT_CONCURRENCY;
        private boolean dryRun;
        private Function<Host, Services> services = h -> Services.none();
        private Collection<Secret> secrets = List.of();
        private Duration cancelGrace = Duration.ofSeconds(10);
        private Optional<MeterRegistry> metrics = Optional.empty();

        private Builder(StateStore state) {
            this.state = Objects.requireNonNull(state, "state");
        }

        /** Each run appends its events as JSON lines to {@code <directory>/<run id>.jsonl}. */
        public Builder logDirectory(Path directory) {
            this.logDirectory = Optional.of(directory);
            return this;
        }

        public Builder sink(EventSink sink) {
            sinks.add(sink);
            return this;
        }

        public Builder concurrency(int hosts) {
            if (hosts < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + hosts);
            }
            this.concurrency = hosts;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Attaches services to each host; called once per host that runs a step, closed at the end of the run. */
        public Builder services(Function<Host, Services> perHost) {
            this.services = Objects.requireNonNull(perHost);
            return this;
        }

        /** Values masked wherever they would appear in an event or an error, whatever produced the text. */
        public Builder secrets(Collection<Secret> values) {
            this.secrets = List.copyOf(values);
            return this;
        }

        /** How long a timed-out step's work gets to stop after it was cancelled and interrupted. */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = grace;
            return this;
        }

        /**
         * Records {@code kubexm.step.duration} (a timer per pipeline, module, task, step and
         * status), {@code kubexm.step.retries} and {@code kubexm.run.duration} in {@code registry}.
         */
        public Builder metrics(MeterRegistry registry) {
            this.metrics = Optional.of(registry);
            return this;
        }

        public Executor build() {
            return new Executor(this);
        }
    }

    /** A step attempt that did not succeed, with a message fit for people. */
    private static final class StepFailure extends Exception {
        StepFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Completion(PlanNode node, StepResult result) {
    }

    /** One attempt of one run. */
    final class Execution {
        private final Plan plan;
        private final StateStore.RunRecord run;
        private final boolean resuming;
        private final Blackboard blackboard = new Blackboard();
        private final Map<String, Services> hostServices = new ConcurrentHashMap<>();
        private final Map<String, StepResult> results = new ConcurrentHashMap<>();
        private final Set<String> applyStarted = ConcurrentHashMap.newKeySet();
        // Platform threads: step work blocks in native and synchronized code (SQLite, SSH libraries),
        // which would pin virtual threads to their few carriers on Java 21. Daemons, so abandoned
        // work cannot keep the JVM alive.
        private final ExecutorService threads = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("kubexm-step-", 1).factory());
        private final Optional<Path> log;
        private final Optional<JsonLinesEventSink> logSink;

        Execution(Plan plan, StateStore.RunRecord run, boolean resuming) {
            this.plan = plan;
            this.run = run;
            this.resuming = resuming;
            this.log = logDirectory.map(d -> d.resolve(run.id() + ".jsonl"));
            this.logSink = log.map(JsonLinesEventSink::append);
        }

        String runId() {
            return run.id();
        }

        boolean dryRun() {
            return run.dryRun();
        }

        Blackboard blackboard() {
            return blackboard;
        }

        Services services(Host host) {
            return hostServices.computeIfAbsent(host.name(), n -> services.apply(host));
        }

        RunResult execute() {
            long start = System.nanoTime();
            List<PlanNode> nodes = plan.nodes();
            try {
                if (resuming) {
                    restoreBlackboard();
                }
                runEvent(Event.Level.INFO, (resuming ? "resuming run, attempt " + run.attempts() : "run started")
                        + (dryRun() ? " (dry run: checks only, nothing is changed)" : "") + ": " + nodes.size()
                        + " steps on " + plan.hosts().size() + " hosts, at most " + concurrency + " hosts at once",
                        OptionalLong.empty());
                boolean failed = false;
                for (Plan.PlannedModule module : plan.modules()) {
                    if (failed) {
                        break;
                    }
                    long moduleStart = System.nanoTime();
                    moduleEvent(module.name(), Event.Level.INFO, "module started", OptionalLong.empty());
                    failed = !runModule(module);
                    if (failed && !dryRun()) {
                        rollBack(module);
                    }
                    moduleEvent(module.name(), failed ? Event.Level.ERROR : Event.Level.INFO,
                            failed ? "module failed" : "module done", OptionalLong.of(millisSince(moduleStart)));
                }
                for (PlanNode n : nodes) {
                    results.computeIfAbsent(n.id(), id -> StepResult.of(n, StepStatus.NOT_RUN, false, 0, ""));
                }
                RunStatus status = failed ? RunStatus.FAILED : RunStatus.SUCCEEDED;
                state.finishRun(run.id(), status);
                metrics.ifPresent(m -> Timer.builder("kubexm.run.duration").tag("pipeline", plan.pipeline())
                        .tag("status", status.name().toLowerCase(java.util.Locale.ROOT)).register(m)
                        .record(Duration.ofNanos(System.nanoTime() - start)));
                RunResult result = new RunResult(run.id(), plan.pipeline(), run.attempts(), dryRun(), status,
                        nodes.stream().map(n -> results.get(n.id())).toList(), log);
                runEvent(failed ? Event.Level.ERROR : Event.Level.INFO, result.summary().strip(),
                        OptionalLong.of(millisSince(start)));
                return result;
            } finally {
                threads.shutdownNow();
                closeServices();
                logSink.ifPresent(JsonLinesEventSink::close);
            }
        }

        private void restoreBlackboard() {
            Map<String, Key<?>> keys = plan.keys();
            state.blackboard(run.id()).forEach((name, json) -> {
                Key<?> key = keys.get(name);
                if (key == null) {
                    return;
                }
                try {
                    blackboard.putRaw(name, Codec.read(json, key.type()));
                } catch (IllegalArgumentException e) {
                    runEvent(Event.Level.WARN, "the stored value of key '" + name + "' cannot be read back ("
                            + e.getMessage() + "); its producer runs again", OptionalLong.empty());
                }
            });
        }

        /** Runs a module's DAG; false when a step failed. */
        private boolean runModule(Plan.PlannedModule module) {
            List<PlanNode> nodes = module.nodes();
            Map<String, Integer> waitingFor = new HashMap<>();
            Map<String, List<PlanNode>> dependents = new HashMap<>();
            TreeSet<PlanNode> ready = new TreeSet<>(Comparator.comparingInt(PlanNode::index));
            for (PlanNode n : nodes) {
                waitingFor.put(n.id(), n.after().size());
                n.after().forEach(a -> dependents.computeIfAbsent(a, x -> new ArrayList<>()).add(n));
                if (n.after().isEmpty()) {
                    ready.add(n);
                }
            }
            BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
            Set<String> busyHosts = new HashSet<>();
            int running = 0;
            boolean failed = false;
            while (true) {
                if (!failed) {
                    for (var it = ready.iterator(); it.hasNext() && running < concurrency; ) {
                        PlanNode n = it.next();
                        if (busyHosts.add(n.host().name())) {
                            it.remove();
                            running++;
                            threads.submit(() -> completions.add(new Completion(n, measured(n))));
                        }
                    }
                }
                if (running == 0) {
                    return !failed;
                }
                Completion done;
                try {
                    done = completions.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for steps of module " + module.name(), e);
                }
                running--;
                busyHosts.remove(done.node().host().name());
                results.put(done.node().id(), done.result());
                StepStatus s = done.result().status();
                if (s == StepStatus.FAILED) {
                    failed = true;
                } else {
                    for (PlanNode d : dependents.getOrDefault(done.node().id(), List.of())) {
                        if (waitingFor.merge(d.id(), -1, Integer::sum) == 0) {
                            ready.add(d);
                        }
                    }
                }
            }
        }

        private StepResult measured(PlanNode node) {
            StepResult r = runStepSafely(node);
            metrics.ifPresent(m -> stepMeter(Timer.builder("kubexm.step.duration"), node)
                    .tag("status", r.status().name().toLowerCase(java.util.Locale.ROOT)).register(m)
                    .record(Duration.ofMillis(r.durationMs())));
            return r;
        }

        private Timer.Builder stepMeter(Timer.Builder b, PlanNode node) {
            return b.tag("pipeline", plan.pipeline()).tag("module", node.module()).tag("task", node.task())
                    .tag("step", node.step().name());
        }

        /** A step always completes, so the scheduler never waits for a result that will not come. */
        private StepResult runStepSafely(PlanNode node) {
            try {
                return runStep(node);
            } catch (RuntimeException | Error e) {
                String error = redactor.redact("kubexm failed while running this step: " + describe(e));
                stepEvent(node, Event.Level.ERROR, error, OptionalLong.empty());
                return StepResult.of(node, StepStatus.FAILED, false, 0, error);
            }
        }

        private StepResult runStep(PlanNode node) {
            long start = System.nanoTime();
            Step step = node.step();
            String hash;
            try {
                Optional<Key<?>> missing = step.consumes().stream().filter(k -> !blackboard.has(k)).findFirst();
                if (missing.isPresent()) {
                    String producer = plan.producers().get(missing.get().name()).id();
                    if (dryRun()) {
                        stepEvent(node, Event.Level.INFO, "would run after " + producer + " produces '"
                                + missing.get().name() + "'", OptionalLong.empty());
                        return StepResult.of(node, StepStatus.WOULD_RUN, false, 0, "");
                    }
                    throw new IllegalStateException("key '" + missing.get().name() + "' has no value although its producer "
                            + producer + " finished");
                }
                hash = inputHash(node);
            } catch (RuntimeException e) {
                String error = redactor.redact(describe(e));
                state.stepRecorded(run.id(), run.attempts(), node.id(), node.host().name(), StepStatus.FAILED, false, "",
                        0, error);
                stepEvent(node, Event.Level.ERROR, "failed: " + error, OptionalLong.of(0));
                return StepResult.of(node, StepStatus.FAILED, false, 0, error);
            }
            if (resuming) {
                Optional<StateStore.StepRecord> earlier = state.latest(run.id(), node.id());
                if (earlier.isPresent() && earlier.get().status().completed() && earlier.get().inputHash().equals(hash)
                        && step.produces().stream().allMatch(blackboard::has)) {
                    boolean changed = earlier.get().changed();
                    state.stepRecorded(run.id(), run.attempts(), node.id(), node.host().name(), StepStatus.SKIPPED,
                            changed, hash, 0, "");
                    stepEvent(node, Event.Level.INFO, "skipped: done in an earlier attempt with the same inputs",
                            OptionalLong.of(0));
                    return StepResult.of(node, StepStatus.SKIPPED, changed, 0, "");
                }
            }
            long seq = state.stepStarted(run.id(), run.attempts(), node.id(), node.host().name(), hash);
            stepEvent(node, Event.Level.DEBUG, "started" + (step.describe().isEmpty() ? "" : ": " + step.describe()),
                    OptionalLong.empty());
            StepStatus status;
            Map<String, String> produced = new LinkedHashMap<>();
            try {
                status = attemptWithRetries(node);
                if (status == StepStatus.CHANGED || status == StepStatus.UNCHANGED) {
                    for (Key<?> key : step.produces().stream().sorted(Planner.BY_NAME).toList()) {
                        Object value = blackboard.find(key).orElseThrow(() -> new StepFailure("the step declares that it produces key '"
                                + key.name() + "' but did not put a value (a converged step must put it in check)", null));
                        produced.put(key.name(), Codec.write(value));
                    }
                }
            } catch (StepFailure | RuntimeException e) {
                String error = redactor.redact(e instanceof StepFailure ? e.getMessage() : describe(e));
                long ms = millisSince(start);
                state.stepFinished(seq, run.id(), node.id(), StepStatus.FAILED, false, ms, error, Map.of());
                stepEvent(node, Event.Level.ERROR, "failed: " + error, OptionalLong.of(ms));
                return StepResult.of(node, StepStatus.FAILED, false, ms, error);
            }
            long ms = millisSince(start);
            boolean changed = status == StepStatus.CHANGED;
            state.stepFinished(seq, run.id(), node.id(), status, changed, ms, "", produced);
            stepEvent(node, Event.Level.INFO, status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    OptionalLong.of(ms));
            return StepResult.of(node, status, changed, ms, "");
        }

        private String inputHash(PlanNode node) {
            StringBuilder b = new StringBuilder(node.id()).append('\n').append(Codec.fingerprint(node.step().inputs()));
            for (Key<?> key : node.step().consumes().stream().sorted(Planner.BY_NAME).toList()) {
                b.append('\n').append(key.name()).append('=').append(Codec.write(blackboard.find(key).orElseThrow()));
            }
            return Codec.sha256(b.toString());
        }

        private StepStatus attemptWithRetries(PlanNode node) throws StepFailure {
            Retry retry = node.step().retry();
            for (int attempt = 1; ; attempt++) {
                try {
                    return bounded(node, "attempt", ctx -> {
                        Step step = node.step();
                        if (step.check(ctx)) {
                            return StepStatus.UNCHANGED;
                        }
                        if (ctx.dryRun()) {
                            return StepStatus.WOULD_CHANGE;
                        }
                        applyStarted.add(node.id());
                        step.apply(ctx);
                        step.verify(ctx);
                        return StepStatus.CHANGED;
                    });
                } catch (StepFailure f) {
                    if (attempt >= retry.attempts()) {
                        throw retry.attempts() == 1 ? f
                                : new StepFailure(f.getMessage() + " (after " + attempt + " attempts)", f.getCause());
                    }
                    Duration delay = retry.delayAfter(attempt);
                    metrics.ifPresent(m -> Counter.builder("kubexm.step.retries").tag("pipeline", plan.pipeline())
                            .tag("module", node.module()).tag("task", node.task()).tag("step", node.step().name())
                            .register(m).increment());
                    stepEvent(node, Event.Level.WARN, "attempt " + attempt + "/" + retry.attempts() + " failed: "
                            + redactor.redact(f.getMessage()) + "; retrying in " + delay.toMillis() + " ms",
                            OptionalLong.empty());
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StepFailure("interrupted while waiting to retry", e);
                    }
                }
            }
        }

        private interface Work<T> {
            T run(StepContext ctx) throws Exception;
        }

        /**
         * Runs {@code work} on its own thread and waits at most the step's timeout. On expiry the
         * attempt's {@link Cancellation} fires and the thread is interrupted, then given
         * {@code cancelGrace} to stop.
         */
        private <T> T bounded(PlanNode node, String what, Work<T> work) throws StepFailure {
            Cancellation cancellation = new Cancellation();
            StepContext ctx = new StepContext(this, node, cancellation);
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread worker = Thread.ofPlatform().daemon().name(what + " " + node.id()).start(() -> {
                try {
                    result.complete(work.run(ctx));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            Duration timeout = node.step().timeout();
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                cancellation.cancel("step '" + node.id() + "' timed out after " + PlanRenderer.human(timeout));
                worker.interrupt();
                boolean stopped = join(worker);
                throw new StepFailure(what.equals("attempt") ? "timed out after " + PlanRenderer.human(timeout) + "; "
                        + (stopped ? "the work was cancelled and stopped"
                        : "the work did not stop within " + PlanRenderer.human(cancelGrace) + " of being cancelled and was abandoned")
                        : what + " timed out after " + PlanRenderer.human(timeout), null);
            } catch (ExecutionException e) {
                throw new StepFailure(describe(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                cancellation.cancel("the run was interrupted");
                worker.interrupt();
                Thread.currentThread().interrupt();
                throw new StepFailure("interrupted", e);
            }
        }

        private boolean join(Thread worker) {
            try {
                return worker.join(cancelGrace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Undoes the applied reversible steps of every task of {@code module} that did not complete. */
        private void rollBack(Plan.PlannedModule module) {
            List<Plan.PlannedTask> tasks = new ArrayList<>(module.tasks());
            java.util.Collections.reverse(tasks);
            for (Plan.PlannedTask task : tasks) {
                boolean complete = task.nodes().stream().allMatch(n -> results.containsKey(n.id())
                        && results.get(n.id()).status().completed());
                if (complete) {
                    continue;
                }
                Map<Host, List<PlanNode>> stacks = new LinkedHashMap<>();
                for (Host host : task.hosts()) {
                    List<PlanNode> applied = new ArrayList<>(task.nodesOn(host).stream().filter(this::applied).toList());
                    java.util.Collections.reverse(applied);
                    if (!applied.isEmpty()) {
                        stacks.put(host, applied);
                    }
                }
                if (stacks.isEmpty()) {
                    continue;
                }
                moduleEvent(module.name(), Event.Level.WARN, "task " + task.name() + " did not complete: rolling back its "
                        + "applied steps on " + String.join(", ", stacks.keySet().stream().map(Host::name).toList()),
                        OptionalLong.empty());
                Semaphore permits = new Semaphore(concurrency);
                List<java.util.concurrent.Future<?>> hosts = new ArrayList<>();
                for (List<PlanNode> stack : stacks.values()) {
                    hosts.add(threads.submit(() -> {
                        permits.acquireUninterruptibly();
                        try {
                            rollBackHost(stack);
                        } finally {
                            permits.release();
                        }
                    }));
                }
                for (var f : hosts) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("rollback of task " + task.name() + " failed unexpectedly", e.getCause());
                    }
                }
            }
        }

        private boolean applied(PlanNode n) {
            StepResult r = results.get(n.id());
            return r != null && (r.changed() || (r.status() == StepStatus.FAILED && applyStarted.contains(n.id())));
        }

        /** LIFO on one host; stops at the first failed rollback, since undoing earlier steps could then do harm. */
        private void rollBackHost(List<PlanNode> stack) {
            for (PlanNode n : stack) {
                if (!(n.step() instanceof Reversible reversible)) {
                    stepEvent(n, Event.Level.WARN, "left applied: this step has no rollback", OptionalLong.empty());
                    continue;
                }
                long start = System.nanoTime();
                try {
                    bounded(n, "rollback", ctx -> {
                        reversible.rollback(ctx);
                        return Boolean.TRUE;
                    });
                    long ms = millisSince(start);
                    // The step that failed stays FAILED, with its error: it is why the task was rolled back.
                    StepResult before = results.get(n.id());
                    boolean failed = before != null && before.status() == StepStatus.FAILED;
                    String error = failed ? before.error() + " (its partial changes were rolled back)" : "";
                    StepStatus status = failed ? StepStatus.FAILED : StepStatus.ROLLED_BACK;
                    state.stepRecorded(run.id(), run.attempts(), n.id(), n.host().name(), status, false, "", ms, error);
                    results.computeIfPresent(n.id(), (id, r) -> r.withStatus(status, failed ? error : r.error()));
                    stepEvent(n, Event.Level.WARN, "rolled back", OptionalLong.of(ms));
                } catch (StepFailure | RuntimeException e) {
                    long ms = millisSince(start);
                    String error = redactor.redact("rollback failed: " + (e instanceof StepFailure ? e.getMessage() : describe(e)));
                    state.stepRecorded(run.id(), run.attempts(), n.id(), n.host().name(), StepStatus.ROLLBACK_FAILED, false, "",
                            ms, error);
                    results.computeIfPresent(n.id(), (id, r) -> r.withStatus(StepStatus.ROLLBACK_FAILED, error));
                    stepEvent(n, Event.Level.ERROR, error + "; the steps before it on this host are left applied",
                            OptionalLong.of(ms));
                    return;
                }
            }
        }

        private void closeServices() {
            hostServices.forEach((host, s) -> {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    runEvent(Event.Level.WARN, "closing the services of host " + host + " failed: " + describe(e),
                            OptionalLong.empty());
                }
            });
        }

        void stepEvent(PlanNode node, Event.Level level, String message, OptionalLong ms) {
            emit(new Event(Instant.now(), level, run.id(), plan.pipeline(), node.module(), node.task(), node.step().name(),
                    node.host().name(), message, ms));
        }

        private void moduleEvent(String module, Event.Level level, String message, OptionalLong ms) {
            emit(new Event(Instant.now(), level, run.id(), plan.pipeline(), module, "", "", "", message, ms));
        }

        private void runEvent(Event.Level level, String message, OptionalLong ms) {
            emit(new Event(Instant.now(), level, run.id(), plan.pipeline(), "", "", "", "", message, ms));
        }

        private void emit(Event event) {
            Event safe = event.withMessage(redactor.redact(event.message()));
            logSink.ifPresent(s -> s.emit(safe));
            for (EventSink s : sinks) {
                s.emit(safe);
            }
        }
    }

    private static long millisSince(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }

    /** An exception as people read it: its message (or type), then the messages of its causes. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String m = t.getMessage();
            String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
            if (!b.isEmpty()) {
                if (b.indexOf(text) >= 0) {
                    continue;
                }
                b.append("; caused by: ");
            }
            b.append(text);
        }
        return b.toString();
    }
}
