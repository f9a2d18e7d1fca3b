package io.kubexm.ops.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the real tools that judge the build output (openssl, kubectl, systemd-analyze, etcdctl). */
final class Tools {
    private Tools() {
    }

    record Result(int exit, String output) {
    }

    static Result exec(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.getFirst() + " (scripts/install-test-deps.sh installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command that must succeed and returns its combined output. */
    static String run(String... cmd) {
        Result r = exec(List.of(cmd));
        assertThat(r.exit()).as("%s%n%s", String.join(" ", cmd), r.output()).isZero();
        return r.output();
    }
}
