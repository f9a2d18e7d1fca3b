package io.kubexm.api;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a cluster.yaml: every problem found, in file order, and the fully
 * defaulted config when there is no error (warnings alone do not withhold it).
 */
public record Validation(Optional<ClusterConfig> config, List<Problem> problems) {

    public boolean ok() {
        return config.isPresent();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The config, or an {@link InvalidConfigException} listing every error. */
    public ClusterConfig orThrow() {
        return config.orElseThrow(() -> new InvalidConfigException(errors()));
    }
}
