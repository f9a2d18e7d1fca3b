package io.kubexm.connector;

/** The outcome of an upload or download; {@code bytesSent} is 0 when skipped. */
public record Transfer(Outcome outcome, long bytesSent, String sha256) {
    public enum Outcome {
        /** The content was transferred. */
        SENT,
        /** The target already had this content; only mode and owner were (re)applied. */
        SKIPPED
    }

    public boolean skipped() {
        return outcome == Outcome.SKIPPED;
    }
}
