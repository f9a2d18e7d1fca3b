package io.kubexm.cli;

import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a cluster.yaml for a command and prints its problems the same way everywhere. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The validation, with every problem printed to {@code err}; empty (after saying why) when the file is unreadable. */
    static Optional<Validation> validate(Path file, PrintWriter err) {
        Validation v;
        try {
            v = ClusterConfigs.validate(file);
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
            err.println("    hint: create it (examples/cluster.yaml shows every field), or pass -f FILE");
            return Optional.empty();
        } catch (CharacterCodingException e) {
            err.println(file + ": not UTF-8 text");
            err.println("    hint: a cluster.yaml is a YAML text file; check the path (examples/cluster.yaml shows one)");
            return Optional.empty();
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return Optional.empty();
        }
        v.problems().forEach(err::println);
        if (!v.ok()) {
            err.println(file + ": " + count(v.errors().size(), "error") + ", " + count(v.warnings().size(), "warning"));
        }
        return Optional.of(v);
    }

    static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
