package io.kubexm.ops.preflight;

/**
 * What one check found wrong on one node: what was measured, what is required, how to fix it.
 * Errors stop the run before any change; warnings are reported and node preparation fixes them.
 */
public record Finding(String node, Check check, boolean error, String measured, String required, String fix) {

    public String message() {
        return (error ? "error" : "warning") + "  " + node + "  " + check.id() + ": " + measured
                + (required.isEmpty() ? "" : " (required: " + required + ")") + "; fix: " + fix;
    }
}
