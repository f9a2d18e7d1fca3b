package io.kubexm.engine;

import java.util.List;
import java.util.function.Function;

/** Small helpers to write pipelines in tests. */
final class Plans {
    private Plans() {
    }

    static Module<Void> module(String name, Task... tasks) {
        List<Task> list = List.of(tasks);
        return new Module<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Task> tasks(Void input) {
                return list;
            }
        };
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    static Plan plan(String pipeline, Module<Void>... modules) {
        return Planner.plan(new Pipeline<>(pipeline, java.util.Arrays.stream(modules).toList()), null);
    }

    static List<Host> hosts(String... names) {
        return java.util.Arrays.stream(names).map(Host::of).toList();
    }

    static Task task(String name, List<Host> hosts, Function<Host, List<Step>> steps) {
        return Task.perHost(name, hosts, steps);
    }
}
