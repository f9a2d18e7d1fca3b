package io.kubexm.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The child JVM of {@link KillAndResumeTest}: runs a real pipeline against a state database.
 * Every applied step appends {@code step@host} to a journal file. In {@code first} mode step
 * {@code s4} on n1 announces itself in {@code blocked} and then hangs, waiting to be killed;
 * in {@code resume} mode the newest failed or killed run is resumed and nothing hangs.
 *
 * <p>Arguments: {@code first|resume STATE_DB LOG_DIR WORK_DIR}.
 */
public final class KillableRun {
    static final Key<String> TOKEN = Key.of("token", String.class);

    record Append(String name, Path work, boolean hang) implements Step {
        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) throws IOException, InterruptedException {
            if (hang && ctx.host().name().equals("n1")) {
                Files.writeString(work.resolve("blocked"), name);
                Thread.sleep(Long.MAX_VALUE);
            }
            journal(work, name + "@" + ctx.host().name());
        }

        @Override
        public void verify(StepContext ctx) {
        }

        @Override
        public Object inputs() {
            return name; // the same in both modes: only "hang" differs
        }
    }

    /** Produces a value that differs on every apply, so a re-run would show. */
    record MintToken(Path work) implements Step {
        @Override
        public String name() {
            return "s2";
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
            String token = UUID.randomUUID().toString();
            journal(work, "s2@" + ctx.host().name() + " minted " + token);
            ctx.put(TOKEN, token);
        }

        @Override
        public void verify(StepContext ctx) {
        }

        @Override
        public Object inputs() {
            return "s2";
        }
    }

    record UseToken(Path work) implements Step {
        @Override
        public String name() {
            return "s5";
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
        public void apply(StepContext ctx) {
            journal(work, "s5@" + ctx.host().name() + " used " + ctx.get(TOKEN));
        }

        @Override
        public void verify(StepContext ctx) {
        }

        @Override
        public Object inputs() {
            return "s5";
        }
    }

    static void journal(Path work, String line) {
        try {
            Files.writeString(work.resolve("journal"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Plan plan(Path work, boolean hang) {
        Module<Void> install = new Module<>() {
            @Override
            public String name() {
                return "install";
            }

            @Override
            public List<Task> tasks(Void input) {
                return List.of(Task.perHost("t", List.of(Host.of("n1"), Host.of("n2")), h -> {
                    List<Step> steps = new ArrayList<>();
                    steps.add(new Append("s1", work, false));
                    steps.add(h.name().equals("n1") ? new MintToken(work) : new Append("s2", work, false));
                    steps.add(new Append("s3", work, false));
                    steps.add(new Append("s4", work, hang));
                    steps.add(h.name().equals("n1") ? new UseToken(work) : new Append("s5", work, false));
                    steps.add(new Append("s6", work, false));
                    return steps;
                }));
            }
        };
        return Planner.plan(new Pipeline<>("killable", List.of(install)), null);
    }

    public static void main(String[] args) {
        boolean first = args[0].equals("first");
        Path work = Path.of(args[3]);
        Plan plan = plan(work, first);
        try (StateStore store = StateStore.open(Path.of(args[1]))) {
            Executor executor = Executor.builder(store).logDirectory(Path.of(args[2]))
                    .sink(new ConsoleEventSink(System.out)).build();
            RunResult result = first ? executor.run(plan)
                    : executor.resume(plan, store.latestResumable("killable").orElseThrow().id());
            System.out.print(result.summary());
            System.exit(result.succeeded() ? 0 : 1);
        }
    }
}
