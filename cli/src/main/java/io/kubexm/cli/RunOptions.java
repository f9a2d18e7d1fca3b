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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every pipeline that changes nodes takes. */
final class RunOptions {
    @Option(names = "--dry-run", description = "Only run each step's check: show what would change, change nothing.")
    boolean dryRun;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "latest", paramLabel = "RUN",
            description = "Continue the last unfinished run (or run RUN), skipping the steps it completed.")
    String resume;

    int concurrency;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--concurrency", defaultValue = "" + Executor.DEFAULT_CONCURRENCY, paramLabel = "N",
            description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    void concurrency(int n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, was " + n);
        }
        concurrency = n;
    }

    /** Runs the pipeline with progress on stdout; the exit code. */
    int run(ClusterInput input, Pipeline<ClusterInput> pipeline, PrintWriter out) {
        if (dryRun && resume != null) {
            throw new InvalidInputException("--dry-run and --resume do not go together: a dry run changes nothing,"
                    + " so there is nothing to continue; drop one of them");
        }
        ClusterRun.Options options = new ClusterRun.Options(dryRun, concurrency, Optional.ofNullable(resume),
                List.of(new ConsoleEventSink(System.out)));
        RunResult result;
        try (ClusterRun run = ClusterRun.open(input, options)) {
            result = run.run(pipeline);
        } catch (IllegalArgumentException e) {
            // Planning refused the input (an unknown --skip-preflight check, a run id that is not there).
            throw new InvalidInputException(e.getMessage(), e);
        }
        out.flush();
        return result.succeeded() ? Main.EXIT_OK : Main.EXIT_RUN_FAILED;
    }
}
