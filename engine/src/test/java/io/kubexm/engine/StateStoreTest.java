package io.kubexm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    @Test
    void runsAndStepsSurviveReopeningAndDryRunsDoNotCountForResume() {
        Path db = dir.resolve("build/c1/state.db");
        String real;
        try (StateStore store = StateStore.open(db)) {
            real = store.createRun("create", false).id();
            long seq = store.stepStarted(real, 1, "m/t/s@n1", "n1", "abc");
            store.stepFinished(seq, real, "m/t/s@n1", StepStatus.CHANGED, true, 12, "", Map.of("k", "\"v\""));
            store.finishRun(real, RunStatus.FAILED);
            store.createRun("create", true);
        }
        try (StateStore store = StateStore.open(db)) {
            assertThat(real).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
            assertThat(store.runs()).hasSize(2);
            // a dry run in between does not hide the failed run
            assertThat(store.latestResumable("create")).map(StateStore.RunRecord::id).contains(real);
            assertThat(store.latest(real, "m/t/s@n1")).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(StepStatus.CHANGED);
                assertThat(r.changed()).isTrue();
                assertThat(r.inputHash()).isEqualTo("abc");
                assertThat(r.durationMs()).hasValue(12);
            });
            assertThat(store.blackboard(real)).containsExactly(Map.entry("k", "\"v\""));
            assertThat(store.resumeRun(real).attempts()).isEqualTo(2);
        }
    }

    @Test
    void theDatabaseIsPrivateEvenWhenItExistedBefore() throws Exception {
        Path db = dir.resolve("state.db");
        Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try (StateStore store = StateStore.open(db)) {
            store.createRun("create", false);
        }
        assertThat(Files.getPosixFilePermissions(db)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aDatabaseFromANewerKubexmIsRefused() throws Exception {
        Path db = dir.resolve("state.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("PRAGMA user_version=99");
        }
        assertThatThrownBy(() -> StateStore.open(db))
                .hasMessageContaining("has schema version 99, newer than this kubexm understands (1); use a newer kubexm");
        // the failed open let go of the lock
        assertThatThrownBy(() -> StateStore.open(db)).hasMessageNotContaining("another kubexm run");
    }
}
