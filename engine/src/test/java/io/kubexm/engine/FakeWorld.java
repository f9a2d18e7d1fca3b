package io.kubexm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory stand-in for a set of machines: each host holds a set of "facts" (a file exists,
 * a service runs) that steps ensure, plus a journal of every check/apply/verify/rollback call.
 */
final class FakeWorld {
    private final Map<String, Set<String>> hosts = new ConcurrentHashMap<>();
    private final List<String> journal = new ArrayList<>();

    Set<String> on(String host) {
        return hosts.computeIfAbsent(host, h -> ConcurrentHashMap.newKeySet());
    }

    boolean has(String host, String fact) {
        return on(host).contains(fact);
    }

    synchronized void log(String entry) {
        journal.add(entry);
    }

    synchronized List<String> journal() {
        return List.copyOf(journal);
    }

    synchronized List<String> journal(String suffix) {
        return journal.stream().filter(e -> e.endsWith(suffix)).toList();
    }

    /** A step that makes {@code fact} true on its host; check reads it, rollback removes it. */
    record Ensure(FakeWorld world, String name, String fact) implements Reversible {
        @Override
        public boolean check(StepContext ctx) {
            world.log(ctx.host().name() + " " + name + " check");
            return world.has(ctx.host().name(), fact);
        }

        @Override
        public void apply(StepContext ctx) {
            world.log(ctx.host().name() + " " + name + " apply");
            world.on(ctx.host().name()).add(fact);
        }

        @Override
        public void rollback(StepContext ctx) {
            world.log(ctx.host().name() + " " + name + " rollback");
            world.on(ctx.host().name()).remove(fact);
        }

        @Override
        public String inputs() {
            return name + "=" + fact;
        }
    }

    /** A step whose apply always throws. */
    record Fail(FakeWorld world, String name, String why) implements Step {
        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            world.log(ctx.host().name() + " " + name + " apply");
            throw new IllegalStateException(why);
        }

        @Override
        public String inputs() {
            return name;
        }
    }
}
