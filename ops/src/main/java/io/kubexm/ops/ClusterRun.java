package io.kubexm.ops;

import io.kubexm.api.Topology;
import io.kubexm.connector.LocalConnector;
import io.kubexm.connector.SshConnectors;
import io.kubexm.connector.SshOptions;
import io.kubexm.engine.EventSink;
import io.kubexm.engine.Executor;
import io.kubexm.engine.Host;
import io.kubexm.engine.Pipeline;
import io.kubexm.engine.Plan;
import io.kubexm.engine.Planner;
import io.kubexm.engine.RunResult;
import io.kubexm.engine.Services;
import io.kubexm.engine.StateStore;
import io.kubexm.runner.Runner;
import io.kubexm.ops.distribute.UploadArtifact;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.Optional;

/**
 * Runs a cluster pipeline against the real nodes: the state database at {@code build/NAME/state.db},
 * JSON logs under {@code build/NAME/logs/}, SSH with host keys in {@code build/NAME/known_hosts}, and a
 * {@link Node} attached to every host (the control node runs locally).
 */
public final class ClusterRun implements AutoCloseable {

    /**
     * @param resume      continue this run id ({@code latest}: the last unfinished run of the pipeline)
     * @param concurrency hosts working at once
     */
    public record Options(boolean dryRun, int concurrency, Optional<String> resume, List<EventSink> sinks) {
        /** Uploads of bundle files running at once across all nodes. */
        public static final int TRANSFERS = 4;

        public Options {
            sinks = List.copyOf(sinks);
        }

        public static Options defaults() {
            return new Options(false, Executor.DEFAULT_CONCURRENCY, Optional.empty(), List.of());
        }

        public Options withSink(EventSink sink) {
            return new Options(dryRun, concurrency, resume, java.util.stream.Stream.concat(sinks.stream(),
                    java.util.stream.Stream.of(sink)).toList());
        }
    }

    /** Generous: many nodes shaking hands at once with one busy control node take a while. */
    static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final ClusterInput input;
    private final Options options;
    private final StateStore state;
    private final SshConnectors ssh;
    private final Semaphore transfers = new Semaphore(Options.TRANSFERS);

    private ClusterRun(ClusterInput input, Options options, StateStore state, SshConnectors ssh) {
        this.input = input;
        this.options = options;
        this.state = state;
        this.ssh = ssh;
    }

    public static ClusterRun open(ClusterInput input, Options options) {
        StateStore state = StateStore.open(input.stateDb());
        try {
            return new ClusterRun(input, options, state, new SshConnectors(SshOptions.defaults(input.knownHosts())
                    .withConnectTimeout(CONNECT_TIMEOUT)));
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    public StateStore state() {
        return state;
    }

    public RunResult run(Pipeline<ClusterInput> pipeline) {
        Plan plan = Planner.plan(pipeline, input);
        Executor.Builder b = Executor.builder(state)
                .logDirectory(input.logsDir())
                .concurrency(options.concurrency())
                .dryRun(options.dryRun())
                .secrets(NodeAccess.secrets(input.topology()))
                .services(this::services);
        options.sinks().forEach(b::sink);
        Executor executor = b.build();
        if (options.resume().isPresent()) {
            String id = options.resume().get();
            if (id.equals("latest")) {
                // Invalid input like a run id that is not there (the executor's IllegalArgumentException).
                id = state.latestResumable(plan.pipeline()).orElseThrow(() -> new IllegalArgumentException("nothing to resume: "
                        + input.stateDb() + " has no unfinished run of " + plan.pipeline() + "; run it without --resume"))
                        .id();
            }
            return executor.resume(plan, id);
        }
        return executor.run(plan);
    }

    private Services services(Host host) {
        Topology topology = input.topology();
        if (host.name().equals(Host.CONTROL_NODE)) {
            return Services.builder().add(Node.KEY, () -> new Node(new Runner(LocalConnector.controlNode())))
                    .add(UploadArtifact.TRANSFERS, () -> transfers).build();
        }
        io.kubexm.api.Host h = topology.host(host.name()).orElseThrow(() -> new IllegalStateException(
                "host " + host.name() + " is not in cluster " + input.name()));
        return Services.builder()
                .add(Node.KEY, () -> new Node(new Runner(ssh.connector(NodeAccess.connectorHost(topology, h)))))
                .add(UploadArtifact.TRANSFERS, () -> transfers)
                .build();
    }

    @Override
    public void close() {
        try {
            ssh.close();
        } finally {
            state.close();
        }
    }
}
