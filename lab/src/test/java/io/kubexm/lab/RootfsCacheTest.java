package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's ready state and the cleanup of builds that crashed half-way, on cache directories laid out by hand. */
class RootfsCacheTest {
    @TempDir
    Path cacheRoot;

    private RootfsCache cache() {
        return new RootfsCache(cacheRoot, new HostCommands(), new NodeProcesses(), line -> { });
    }

    private static void tree(Path rootfs) throws Exception {
        Files.createDirectories(rootfs.resolve("etc/ssh"));
        Files.writeString(rootfs.resolve("etc/hostname"), "x\n");
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
    }

    @Test
    void aRootfsMovedIntoPlaceWithoutItsReadyMarkerIsDiscardedSoTheRebuildCanMoveItsOwn() throws Exception {
        RootfsCache cache = cache();
        Path dir = cache.dir(LabOs.DEBIAN11);
        tree(cache.rootfs(LabOs.DEBIAN11)); // the crash came after the move, before `ready` was written
        tree(dir.resolve("rootfs.tmp")); // and an older attempt's debootstrap target
        assertThat(cache.ready(LabOs.DEBIAN11)).isFalse();

        cache.discardUnfinishedBuild(LabOs.DEBIAN11);

        assertThat(cache.rootfs(LabOs.DEBIAN11)).doesNotExist();
        assertThat(dir.resolve("rootfs.tmp")).doesNotExist();
        // what the build does next succeeds now: a new target moved to rootfs
        tree(dir.resolve("rootfs.tmp"));
        Files.move(dir.resolve("rootfs.tmp"), cache.rootfs(LabOs.DEBIAN11));
        Files.writeString(dir.resolve("ready"), "built\n");
        assertThat(cache.ready(LabOs.DEBIAN11)).isTrue();
    }

    @Test
    void aReadyMarkerWithoutItsRootfsIsNotACacheAndIsDiscarded() throws Exception {
        RootfsCache cache = cache();
        Path dir = cache.dir(LabOs.DEBIAN12);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ready"), "built\n");
        assertThat(cache.ready(LabOs.DEBIAN12)).isFalse();
        cache.discardUnfinishedBuild(LabOs.DEBIAN12);
        assertThat(dir.resolve("ready")).doesNotExist();
    }

    @Test
    void aFinishedCacheIsUsedWithoutBuilding() throws Exception {
        RootfsCache cache = cache();
        tree(cache.rootfs(LabOs.DEBIAN12));
        Files.writeString(cache.dir(LabOs.DEBIAN12).resolve("ready"), "built\n");
        // the mirror is unreachable: a build would fail
        assertThat(cache.ensure(LabOs.DEBIAN12, "http://127.0.0.1:9/debian")).isEqualTo(cache.rootfs(LabOs.DEBIAN12));
        assertThat(cache.rootfs(LabOs.DEBIAN12).resolve("etc/hostname")).hasContent("x\n");
    }
}
