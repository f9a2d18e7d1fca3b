package io.kubexm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventsTest {
    static Event event(String module, String task, String step, String node, String message, OptionalLong ms) {
        return new Event(Instant.parse("2026-01-02T03:04:05Z"), Event.Level.INFO, "r1", "create", module, task, step, node,
                message, ms);
    }

    @Test
    void consoleLinesNameTheHostTheTaskAndTheStep() {
        assertThat(ConsoleEventSink.format(event("etcd", "install", "render-unit", "node1", "changed", OptionalLong.of(12))))
                .endsWith(" node1          etcd/install  render-unit: changed (12 ms)");
        assertThat(ConsoleEventSink.format(event("", "", "", "", "run r1 (create): SUCCEEDED\n  3 steps: 3 unchanged",
                OptionalLong.of(40)))).endsWith(" run r1 (create): SUCCEEDED (40 ms)\n  3 steps: 3 unchanged");
    }

    @Test
    void jsonLinesWriteAbsentFieldsAsNull() {
        assertThat(JsonLinesEventSink.toJson(event("etcd", "", "", "", "module started", OptionalLong.empty())))
                .isEqualTo("{\"timestamp\":\"2026-01-02T03:04:05Z\",\"level\":\"INFO\",\"run\":\"r1\",\"pipeline\":\"create\","
                        + "\"module\":\"etcd\",\"task\":null,\"step\":null,\"node\":null,\"message\":\"module started\","
                        + "\"duration_ms\":null}");
    }

    @Test
    void errorsReadAsTheirMessagesAndCauses() {
        Exception e = new IllegalStateException("cannot start etcd",
                new java.io.IOException("connection reset", new RuntimeException()));
        assertThat(Executor.describe(e)).isEqualTo("cannot start etcd; caused by: connection reset; caused by: RuntimeException");
    }
}
