package io.kubexm.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a run (or one attempt of a resumed run) ended, step by step, with a summary for people. */
public record RunResult(String runId, String pipeline, int attempt, boolean dryRun, RunStatus status,
                        List<StepResult> steps, Optional<Path> log) {

    public RunResult {
        steps = List.copyOf(steps);
    }

    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    public long count(StepStatus s) {
        return steps.stream().filter(r -> r.status() == s).count();
    }

    /** Steps that failed, or whose rollback failed: every failed host and step. */
    public List<StepResult> failures() {
        return steps.stream().filter(r -> r.status() == StepStatus.FAILED || r.status() == StepStatus.ROLLBACK_FAILED).toList();
    }

    /** True when no step changed a host in this attempt. */
    public boolean changedNothing() {
        return count(StepStatus.CHANGED) == 0 && count(StepStatus.ROLLED_BACK) == 0;
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("run ").append(runId).append(" (").append(pipeline);
        if (attempt > 1) {
            b.append(", attempt ").append(attempt);
        }
        b.append(dryRun ? ", dry run" : "").append("): ").append(status).append('\n');
        b.append("  ").append(steps.size()).append(" steps: ").append(counts()).append('\n');
        if (dryRun) {
            b.append(count(StepStatus.WOULD_CHANGE) + count(StepStatus.WOULD_RUN) == 0
                    ? "  nothing would change: every host is already in the desired state\n"
                    : "  dry run: nothing was changed\n");
        } else if (succeeded() && changedNothing()) {
            b.append("  nothing changed: every host was already in the desired state\n");
        }
        List<StepResult> failures = failures();
        if (!failures.isEmpty()) {
            b.append("  failed:\n");
            for (StepResult f : failures) {
                b.append("    ").append(f.host()).append("  ").append(f.module()).append('/').append(f.task()).append('/')
                        .append(f.step()).append(f.status() == StepStatus.ROLLBACK_FAILED ? " (rollback)" : "")
                        .append(": ").append(f.error()).append('\n');
            }
        }
        if (status == RunStatus.FAILED && !dryRun) {
            b.append("  fix the cause, then resume run ").append(runId)
                    .append(": steps done with unchanged inputs are skipped\n");
        }
        log.ifPresent(p -> b.append("  log: ").append(p).append('\n'));
        return b.toString();
    }

    private String counts() {
        return java.util.Arrays.stream(StepStatus.values())
                .filter(s -> count(s) > 0)
                .map(s -> count(s) + " " + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
    }
}
