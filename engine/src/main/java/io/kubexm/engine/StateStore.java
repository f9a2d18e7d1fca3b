package io.kubexm.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state of every run of one cluster in an embedded SQLite database (the CLI keeps it at
 * {@code build/<cluster>/state.db}): runs, an append-only history of step results with their
 * input hashes, and the blackboard values each run produced. Each step's result and the values
 * it produced are committed in one transaction, so a killed run loses at most the step it was
 * in. The file is private (0600) because blackboard values may be secrets. While a store is
 * open it holds an exclusive lock, so two runs never share a cluster's state.
 */
public final class StateStore implements AutoCloseable {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int SCHEMA_VERSION = 1;
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> PRIVATE =
            PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Connection db;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Clock clock;

    public record RunRecord(String id, String pipeline, boolean dryRun, RunStatus status, int attempts,
                            Instant startedAt, Optional<Instant> finishedAt) {
    }

    public record StepRecord(long seq, String runId, int attempt, String stepId, String host, StepStatus status,
                             boolean changed, String inputHash, Instant startedAt, OptionalLong durationMs,
                             String error) {
    }

    private StateStore(Path file, Connection db, FileChannel lockChannel, FileLock lock, Clock clock) {
        this.file = file;
        this.db = db;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.clock = clock;
    }

    public static StateStore open(Path file) {
        return open(file, Clock.systemUTC());
    }

    static StateStore open(Path file, Clock clock) {
        Path abs = file.toAbsolutePath();
        FileChannel channel = null;
        try {
            Files.createDirectories(abs.getParent());
            Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                throw new IllegalStateException("another kubexm run is using " + abs + " (it holds " + lockFile
                        + "); wait for it to finish");
            }
            try {
                Files.createFile(abs, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(abs, PRIVATE); // SQLite gives its -wal and -shm files the same mode
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + abs);
            StateStore store = new StateStore(abs, db, channel, lock, clock);
            store.migrate();
            return store;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open the state database " + abs + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot open the state database " + abs + ": " + e.getMessage()
                    + "; if the file is damaged, move it away (its runs will be forgotten)", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }

    public Path file() {
        return file;
    }

    private void migrate() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=5000");
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("state database " + file + " has schema version " + version
                        + ", newer than this kubexm understands (" + SCHEMA_VERSION + "); use a newer kubexm");
            }
            s.execute("""
                    CREATE TABLE IF NOT EXISTS runs(
                      id TEXT PRIMARY KEY, pipeline TEXT NOT NULL, dry_run INTEGER NOT NULL,
                      status TEXT NOT NULL, attempts INTEGER NOT NULL,
                      started_at TEXT NOT NULL, finished_at TEXT)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS steps(
                      seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id),
                      attempt INTEGER NOT NULL, step_id TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL,
                      changed INTEGER NOT NULL, input_hash TEXT NOT NULL, started_at TEXT NOT NULL,
                      duration_ms INTEGER, error TEXT NOT NULL DEFAULT '')""");
            s.execute("CREATE INDEX IF NOT EXISTS steps_by_run ON steps(run_id, step_id)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS blackboard(
                      run_id TEXT NOT NULL REFERENCES runs(id), key TEXT NOT NULL, value TEXT NOT NULL,
                      step_id TEXT NOT NULL, PRIMARY KEY(run_id, key))""");
            s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
        }
    }

    public synchronized RunRecord createRun(String pipeline, boolean dryRun) {
        Instant now = clock.instant();
        String id = RUN_ID.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        update("INSERT INTO runs(id, pipeline, dry_run, status, attempts, started_at) VALUES(?,?,?,?,1,?)",
                id, pipeline, dryRun ? 1 : 0, RunStatus.RUNNING.name(), now.toString());
        return run(id).orElseThrow();
    }

    /** Starts the next attempt of a failed or killed run. */
    public synchronized RunRecord resumeRun(String runId) {
        RunRecord run = run(runId).orElseThrow(() -> new IllegalArgumentException(
                "no run '" + runId + "' in " + file + "; runs there: " + runs().stream().map(RunRecord::id).toList()));
        if (run.dryRun()) {
            throw new IllegalArgumentException("run '" + runId + "' was a dry run, which changes nothing; start a new run instead");
        }
        if (run.status() == RunStatus.SUCCEEDED) {
            throw new IllegalArgumentException("run '" + runId + "' succeeded, there is nothing to resume; start a new run instead");
        }
        update("UPDATE runs SET attempts = attempts + 1, status = ?, finished_at = NULL WHERE id = ?",
                RunStatus.RUNNING.name(), runId);
        return run(runId).orElseThrow();
    }

    public synchronized void finishRun(String runId, RunStatus status) {
        update("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", status.name(), clock.instant().toString(), runId);
    }

    public synchronized Optional<RunRecord> run(String runId) {
        List<RunRecord> rows = runs("SELECT * FROM runs WHERE id = ?", runId);
        return rows.stream().findFirst();
    }

    /** Every run, oldest first. */
    public synchronized List<RunRecord> runs() {
        return runs("SELECT * FROM runs ORDER BY started_at, id");
    }

    /** The newest run of {@code pipeline} that failed or was killed, if that is the pipeline's newest real run. */
    public synchronized Optional<RunRecord> latestResumable(String pipeline) {
        return runs("SELECT * FROM runs WHERE pipeline = ? AND dry_run = 0 ORDER BY started_at DESC, id DESC LIMIT 1", pipeline)
                .stream().filter(r -> r.status() != RunStatus.SUCCEEDED).findFirst();
    }

    /** Records that a step started; returns the row to finish. */
    public synchronized long stepStarted(String runId, int attempt, String stepId, String host, String inputHash) {
        return insertStep(runId, attempt, stepId, host, StepStatus.RUNNING, false, inputHash, OptionalLong.empty(), "");
    }

    /** Finishes a step's row and stores the values it produced, in one transaction: the checkpoint. */
    public synchronized void stepFinished(long seq, String runId, String stepId, StepStatus status, boolean changed,
                                          long durationMs, String error, Map<String, String> produced) {
        inTransaction(() -> {
            update("UPDATE steps SET status = ?, changed = ?, duration_ms = ?, error = ? WHERE seq = ?",
                    status.name(), changed ? 1 : 0, durationMs, error, seq);
            for (Map.Entry<String, String> e : produced.entrySet()) {
                update("INSERT OR REPLACE INTO blackboard(run_id, key, value, step_id) VALUES(?,?,?,?)",
                        runId, e.getKey(), e.getValue(), stepId);
            }
        });
    }

    /** A row that starts and ends at once (skipped, not run, rolled back). */
    public synchronized void stepRecorded(String runId, int attempt, String stepId, String host, StepStatus status,
                                          boolean changed, String inputHash, long durationMs, String error) {
        insertStep(runId, attempt, stepId, host, status, changed, inputHash, OptionalLong.of(durationMs), error);
    }

    /** The newest row of a step in a run. */
    public synchronized Optional<StepRecord> latest(String runId, String stepId) {
        return steps("SELECT * FROM steps WHERE run_id = ? AND step_id = ? ORDER BY seq DESC LIMIT 1", runId, stepId)
                .stream().findFirst();
    }

    /** A run's step history, in the order things happened. */
    public synchronized List<StepRecord> steps(String runId) {
        return steps("SELECT * FROM steps WHERE run_id = ? ORDER BY seq", runId);
    }

    /** The run's blackboard as stored: key name to JSON. */
    public synchronized Map<String, String> blackboard(String runId) {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare("SELECT key, value FROM blackboard WHERE run_id = ? ORDER BY key", runId);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw failure("read the blackboard of run " + runId, e);
        }
        return values;
    }

    private long insertStep(String runId, int attempt, String stepId, String host, StepStatus status, boolean changed,
                            String inputHash, OptionalLong durationMs, String error) {
        update("INSERT INTO steps(run_id, attempt, step_id, host, status, changed, input_hash, started_at, duration_ms, error)"
                        + " VALUES(?,?,?,?,?,?,?,?,?,?)",
                runId, attempt, stepId, host, status.name(), changed ? 1 : 0, inputHash, clock.instant().toString(),
                durationMs.isPresent() ? durationMs.getAsLong() : null, error);
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("record step " + stepId, e);
        }
    }

    private List<RunRecord> runs(String sql, Object... args) {
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String finished = rs.getString("finished_at");
                out.add(new RunRecord(rs.getString("id"), rs.getString("pipeline"), rs.getInt("dry_run") == 1,
                        RunStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                        Instant.parse(rs.getString("started_at")),
                        Optional.ofNullable(finished).map(Instant::parse)));
            }
        } catch (SQLException e) {
            throw failure("read runs", e);
        }
        return out;
    }

    private List<StepRecord> steps(String sql, Object... args) {
        List<StepRecord> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long duration = rs.getLong("duration_ms");
                OptionalLong d = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(duration);
                out.add(new StepRecord(rs.getLong("seq"), rs.getString("run_id"), rs.getInt("attempt"),
                        rs.getString("step_id"), rs.getString("host"), StepStatus.valueOf(rs.getString("status")),
                        rs.getInt("changed") == 1, rs.getString("input_hash"),
                        Instant.parse(rs.getString("started_at")), d, rs.getString("error")));
            }
        } catch (SQLException e) {
            throw failure("read step results", e);
        }
        return out;
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write " + sql.split(" ")[0].toLowerCase(java.util.Locale.ROOT), e);
        }
    }

    private void inTransaction(Runnable work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("commit a checkpoint", e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("state database " + file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
