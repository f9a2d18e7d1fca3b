package io.kubexm.engine;

import java.util.List;
import java.util.Objects;

/**
 * Modules run one after another: every step of a module finishes before the next module
 * starts, so a failure in one (a preflight check, say) stops the run before the next changes
 * anything.
 */
public record Pipeline<I>(String name, List<Module<I>> modules) {
    public Pipeline {
        Objects.requireNonNull(name, "name");
        modules = List.copyOf(modules);
    }
}
