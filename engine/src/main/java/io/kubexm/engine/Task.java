package io.kubexm.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A named group of steps for a set of hosts; on each host the steps run in order. A task is
 * atomic: when one of its steps fails, its applied {@link Reversible} steps are rolled back on
 * every host of the task, last applied first. {@code after} names tasks of the same module
 * that must have finished on all their hosts before this one starts; tasks without such an
 * edge (and without key edges between them) may run at the same time.
 */
public record Task(String name, List<Host> hosts, List<String> after, Function<Host, List<Step>> steps) {

    public Task {
        Objects.requireNonNull(name, "name");
        hosts = List.copyOf(hosts);
        after = List.copyOf(after);
        Objects.requireNonNull(steps, "steps");
    }

    /** The same steps on every host. */
    public static Task of(String name, List<Host> hosts, Step... steps) {
        List<Step> list = List.of(steps);
        return new Task(name, hosts, List.of(), host -> list);
    }

    /** Steps built for each host (a unit file that names the host, say). */
    public static Task perHost(String name, List<Host> hosts, Function<Host, List<Step>> steps) {
        return new Task(name, hosts, List.of(), steps);
    }

    public Task after(String... tasks) {
        return new Task(name, hosts, Arrays.asList(tasks), steps);
    }
}
