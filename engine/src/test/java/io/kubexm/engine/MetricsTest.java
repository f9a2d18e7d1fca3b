package io.kubexm.engine;

import static io.kubexm.engine.Plans.hosts;
import static io.kubexm.engine.Plans.module;
import static io.kubexm.engine.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void stepsRetriesAndRunsAreMeasuredInPrometheusFormat() {
        FakeWorld world = new FakeWorld();
        world.on("n2").add("A");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Plan p = plan("metrics", module("m",
                Task.of("t", hosts("n1", "n2"), new FakeWorld.Ensure(world, "a", "A")),
                Task.of("flaky", hosts("n1"), new ExecutorTest.Flaky(new AtomicInteger(), 1,
                        Retry.times(2, Duration.ofMillis(1))))));
        try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
            assertThat(Executor.builder(store).metrics(registry).build().run(p).succeeded()).isTrue();
        }
        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "kubexm_step_duration_seconds_count{module=\"m\",pipeline=\"metrics\",status=\"changed\",step=\"a\",task=\"t\"} 1",
                "kubexm_step_duration_seconds_count{module=\"m\",pipeline=\"metrics\",status=\"unchanged\",step=\"a\",task=\"t\"} 1",
                "kubexm_step_retries_total{module=\"m\",pipeline=\"metrics\",step=\"flaky\",task=\"flaky\"} 1",
                "kubexm_run_duration_seconds_count{pipeline=\"metrics\",status=\"succeeded\"} 1");
    }
}
