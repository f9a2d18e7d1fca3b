package io.kubexm.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine (the control node), the way the lab drives ip, mount and nspawn. */
final class HostCommands {
    private static final long TIMEOUT_MINUTES = 30;

    CommandResult run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new LabException("`" + String.join(" ", command) + "` did not finish within "
                        + TIMEOUT_MINUTES + " minutes and was killed");
            }
            return new CommandResult(command, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new LabException("cannot run `" + command.getFirst() + "`: " + e.getMessage()
                    + "; install it (scripts/install-test-deps.sh installs what the lab needs)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    /** Runs the command and fails with {@code step} in the message when it exits non-zero. */
    CommandResult check(String step, List<String> command) {
        CommandResult r = run(command);
        if (!r.ok()) {
            throw new LabException(step + " failed: `" + String.join(" ", command) + "` exited "
                    + r.exitCode() + ": " + r.diagnostic());
        }
        return r;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
    }
}
