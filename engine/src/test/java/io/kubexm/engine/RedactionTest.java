package io.kubexm.engine;

import static io.kubexm.engine.Plans.hosts;
import static io.kubexm.engine.Plans.module;
import static io.kubexm.engine.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.util.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No configured password appears in any log, console line, error or summary. */
class RedactionTest {
    static final String PASSWORD = "hunter2-Xq9!long";
    static final String SUDO_PASSWORD = "s3cr3t-sudo";

    record Credentials(String user, Secret password) {
    }

    static final Key<Credentials> CREDENTIALS = Key.of("credentials", Credentials.class);

    /** Carries a secret in its inputs and its produced value, and talks about it. */
    record Login(Secret password) implements Step {
        @Override
        public String name() {
            return "login";
        }

        @Override
        public Set<Key<?>> produces() {
            return Set.of(CREDENTIALS);
        }

        @Override
        public boolean check(StepContext ctx) {
            ctx.info("logging in as root with password " + password); // toString masks it
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            ctx.put(CREDENTIALS, new Credentials("root", password));
            ctx.warn("credentials " + new Credentials("root", password)); // record toString masks it too
        }

        @Override
        public void verify(StepContext ctx) {
        }
    }

    /** A careless step: its error carries the revealed value, as a remote command echoing it would. */
    record Careless() implements Step {
        @Override
        public String name() {
            return "sudo";
        }

        @Override
        public Set<Key<?>> consumes() {
            return Set.of(CREDENTIALS);
        }

        @Override
        public Retry retry() {
            return Retry.times(2, Duration.ofMillis(1));
        }

        @Override
        public boolean check(StepContext ctx) {
            return false;
        }

        @Override
        public void apply(StepContext ctx) {
            throw new IllegalStateException("sudo: echo " + SUDO_PASSWORD + " | sudo -S failed; login used "
                    + ctx.get(CREDENTIALS).password().reveal());
        }
    }

    @TempDir
    Path dir;

    @Test
    void noConfiguredPasswordAppearsInAnyLog() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Plan p = plan("secrets", module("m",
                Task.of("login", hosts("n1"), new Login(Secret.of(PASSWORD))),
                Task.of("sudo", hosts("n1"), new Careless()).after("login")));
        RunResult r;
        List<String> errors;
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            r = Executor.builder(store)
                    .logDirectory(dir.resolve("logs"))
                    .sink(new ConsoleEventSink(new PrintStream(console, true, StandardCharsets.UTF_8), Event.Level.DEBUG))
                    .secrets(List.of(Secret.of(PASSWORD), Secret.of(SUDO_PASSWORD)))
                    .build().run(p);
            errors = store.steps(r.runId()).stream().map(StateStore.StepRecord::error).toList();
            // the state database is private: it must give a resumed run its values back
            assertThat(store.blackboard(r.runId()).get("credentials")).contains(PASSWORD);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("state.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(r.failures()).singleElement().extracting(StepResult::id).isEqualTo("m/sudo/sudo@n1");

        String out = console.toString(StandardCharsets.UTF_8);
        String log;
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            log = String.join("\n", files.map(RedactionTest::read).toList());
        }
        // the messages are there, masked: these are no empty logs
        assertThat(out).contains("logging in as root with password ******", "credentials Credentials[user=root, password=******]",
                "sudo: echo ****** | sudo -S failed; login used ******");
        assertThat(log).contains("logging in as root with password ******", "sudo: echo ****** | sudo -S failed",
                "attempt 1/2 failed");
        for (String text : List.of(out, log, r.summary(), String.join("\n", errors))) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(SUDO_PASSWORD);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
