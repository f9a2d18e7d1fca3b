package io.kubexm.cli;

import io.kubexm.engine.ConsoleEventSink;
import io.kubexm.engine.Executor;
import io.kubexm.engine.RunResult;
import io.kubexm.ops.ClusterInput;
import io.kubexm.ops.ClusterRun;
import io.kubexm.engine.Pipeline;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every pipeline that changes nodes takes. */
final class RunOptions {
    @Option(names = "--dry-run", description = "Only run each step's check: show what would change, change nothing.")
    boolean dryRun;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "latest", paramLabel = "RUN",
            description = "Continue the last unfinished run (or run RUN), skipping the steps it completed.")
    String resume;

    @Option(names = "--concurrency", defaultValue = "" + Executor.DEFAULT_CONCURRENCY, paramLabel = "N",
            description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    /** Runs the pipeline with progress on stdout; the exit code. */
    int run(ClusterInput input, Pipeline<ClusterInput> pipeline, PrintWriter out) {
        ClusterRun.Options options = new ClusterRun.Options(dryRun, concurrency, Optional.ofNullable(resume),
                List.of(new ConsoleEventSink(System.out)));
        RunResult result;
        try (ClusterRun run = ClusterRun.open(input, options)) {
            result = run.run(pipeline);
        } catch (IllegalArgumentException e) {
            // Planning refused the input (an unknown --skip-preflight check, a run id that is not there).
            System.err.println("kubexm: " + e.getMessage());
            return Main.EXIT_INVALID;
        } catch (RuntimeException e) {
            System.err.println("kubexm: " + e.getMessage());
            return Main.EXIT_RUN_FAILED;
        }
        out.flush();
        return result.succeeded() ? Main.EXIT_OK : Main.EXIT_RUN_FAILED;
    }
}
