package io.kubexm.engine;

import java.util.List;

/**
 * A group of tasks (Preflight, Etcd, ...). It decides from the pipeline's input (the cluster
 * spec and facts, for kubexm) which tasks exist. Must be pure: planning touches no host.
 *
 * @param <I> what the pipeline plans from
 */
public interface Module<I> {
    String name();

    List<Task> tasks(I input);
}
