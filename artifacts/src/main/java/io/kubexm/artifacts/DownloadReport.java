package io.kubexm.artifacts;

import java.util.List;

/** The outcome of a download run: the verified files and every failure. */
public record DownloadReport(List<Fetched> fetched, List<Failure> failures) {
    public DownloadReport {
        fetched = List.copyOf(fetched);
        failures = List.copyOf(failures);
    }

    /** A verified file in the bundle. */
    public record Fetched(FileArtifact file, String sourceUrl, long size, String sha256, boolean cached) {}

    public record Failure(FileArtifact file, String message) {}

    public boolean ok() {
        return failures.isEmpty();
    }

    /** One line per failure, for the end of a run. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        long cached = fetched.stream().filter(Fetched::cached).count();
        sb.append(fetched.size()).append(" files verified (").append(fetched.size() - cached)
                .append(" downloaded, ").append(cached).append(" already present), ")
                .append(failures.size()).append(" failed");
        for (Failure f : failures) {
            sb.append("\n  - ").append(f.message());
        }
        return sb.toString();
    }
}
