package io.kubexm.ops.download;

import io.kubexm.artifacts.DownloadEvent;

/** Where a bundle download reports: every file's progress, and one line per image pulled or repository built. */
public interface DownloadSink {

    /** A file started, progressed, is retried, was verified or failed. */
    void file(DownloadEvent event);

    /** An image pulled or present, a repository built, or what failed. */
    void line(String text);

    /** Reports nothing: for runs whose outcome alone matters. */
    static DownloadSink silent() {
        return new DownloadSink() {
            @Override
            public void file(DownloadEvent event) {
            }

            @Override
            public void line(String text) {
            }
        };
    }
}
