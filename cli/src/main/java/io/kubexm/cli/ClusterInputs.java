package io.kubexm.cli;

import io.kubexm.api.Validation;
import io.kubexm.ops.ClusterInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The validated input of a cluster pipeline: the config, its conf directory and build/ under the working directory. */
final class ClusterInputs {
    static final Path BUILD_ROOT = Path.of("build");

    private ClusterInputs() {
    }

    /**
     * The cluster the options name, as {@code --cluster=NAME} (files under {@code build/NAME}) or {@code -f FILE}
     * (under {@code build/<metadata.name>}); empty (after printing every problem) when the config is not valid.
     */
    static Optional<ClusterInput> load(ClusterFileOptions cluster, PrintWriter err) {
        Path file = cluster.path();
        return load(file, err).map(input -> cluster.name()
                .map(name -> ClusterInput.of(input.config(), name, input.confDir(), input.buildRoot()))
                .orElse(input));
    }

    /** The config in {@code file}, its files under {@code build/<metadata.name>}; empty when it is not valid. */
    static Optional<ClusterInput> load(Path file, PrintWriter err) {
        Optional<Validation> v = ConfigFiles.validate(file, err);
        if (v.isEmpty() || !v.get().ok()) {
            return Optional.empty();
        }
        Path confDir = file.toAbsolutePath().getParent();
        return Optional.of(ClusterInput.of(v.get().config().orElseThrow(), confDir, BUILD_ROOT));
    }

    static Set<String> list(String commaSeparated) {
        return commaSeparated == null ? Set.of() : Arrays.stream(commaSeparated.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
