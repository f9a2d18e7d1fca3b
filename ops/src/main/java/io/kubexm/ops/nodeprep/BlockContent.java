package io.kubexm.ops.nodeprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What goes inside a managed block: given text, or a block {@code kubexm build} rendered for the node. */
public sealed interface BlockContent {
    String text();

    record Literal(String text) implements BlockContent {
    }

    /** build/NAME/NODE/PATH holds the block with its markers; read when the step runs (after the build). */
    record Built(Path file) implements BlockContent {
        @Override
        public String text() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing; run `kubexm build` (create cluster runs it first)");
            }
            try {
                return String.join("\n", Files.readAllLines(file).stream()
                        .filter(l -> !l.startsWith("# BEGIN kubexm") && !l.startsWith("# END kubexm")).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            // Resume compares inputs: the block's text counts, not only where it comes from.
            return "Built[" + file + (Files.isRegularFile(file) ? ", " + text().hashCode() : "") + "]";
        }
    }
}
