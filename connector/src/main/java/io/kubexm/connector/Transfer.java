package io.kubexm.connector;

/** The outcome of an upload or download; {@code bytesSent} is 0 unless the content was sent. */
public record Transfer(Outcome outcome, long bytesSent, String sha256) {
    public enum Outcome {
        /** The content was transferred. */
        SENT,
        /** The target already had this content but not the wanted mode or owner; those were fixed. */
        ATTRIBUTES_FIXED,
        /** The target already had this content, mode and owner; nothing changed. */
        SKIPPED
    }

    /** Whether no content was sent (the target already had it). */
    public boolean skipped() {
        return outcome != Outcome.SENT;
    }

    /** Whether the target changed at all (content, mode or owner). */
    public boolean changed() {
        return outcome != Outcome.SKIPPED;
    }
}
