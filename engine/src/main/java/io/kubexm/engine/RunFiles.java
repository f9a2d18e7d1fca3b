package io.kubexm.engine;

import java.nio.file.Path;

/**
 * Where a cluster's runs keep their files, under one directory (the CLI uses
 * {@code build/<cluster>/}): the state database and the JSON-lines event logs, one per run.
 */
public record RunFiles(Path directory) {
    public Path stateDatabase() {
        return directory.resolve("state.db");
    }

    public Path logDirectory() {
        return directory.resolve("logs");
    }

    public Path log(String runId) {
        return logDirectory().resolve(runId + ".jsonl");
    }
}
