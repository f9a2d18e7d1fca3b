package io.kubexm.artifacts;

import java.time.Duration;

/** What the downloader reports as it goes; a terminal draws bars, anything else gets JSON lines. */
public sealed interface DownloadEvent {
    FileArtifact file();

    /** Transfer begins; {@code totalBytes} is -1 when the server does not say. */
    record Started(FileArtifact file, long offset, long totalBytes) implements DownloadEvent {}

    record Progress(FileArtifact file, long bytes, long totalBytes) implements DownloadEvent {}

    /** A transfer broke off or the server failed; it is tried again after {@code backoff}. */
    record Retrying(FileArtifact file, int attempt, Duration backoff, String reason) implements DownloadEvent {}

    /** The file is in the bundle and verified; {@code cached} when it was there already. */
    record Done(FileArtifact file, long size, String sha256, boolean cached, Duration took) implements DownloadEvent {}

    record Failed(FileArtifact file, String message) implements DownloadEvent {}
}
