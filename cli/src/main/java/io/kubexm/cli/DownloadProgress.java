package io.kubexm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubexm.artifacts.DownloadEvent;
import io.kubexm.artifacts.FileArtifact;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Renders download events: redrawn bars (per file and total, rate, ETA) on a terminal, JSON lines otherwise. */
final class DownloadProgress {
    private DownloadProgress() {
    }

    static Consumer<DownloadEvent> forOutput(PrintStream out, boolean terminal, int totalFiles) {
        return terminal ? new Bars(out, totalFiles) : new Json(out);
    }

    /** One JSON object per line, for logs and scripts. */
    static final class Json implements Consumer<DownloadEvent> {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        private final PrintStream out;

        Json(PrintStream out) {
            this.out = out;
        }

        @Override
        public void accept(DownloadEvent e) {
            if (e instanceof DownloadEvent.Progress) {
                return; // a line per MiB would drown the log; started/done carry the sizes
            }
            ObjectNode n = MAPPER.createObjectNode();
            n.put("ts", Instant.now().toString());
            FileArtifact f = e.file();
            n.put("component", f.component()).put("version", f.version()).put("arch", f.archLabel()).put("url", f.url());
            switch (e) {
                case DownloadEvent.Started s -> n.put("event", "started").put("offset", s.offset()).put("total", s.totalBytes());
                case DownloadEvent.Retrying r -> n.put("event", "retrying").put("attempt", r.attempt())
                        .put("backoff_ms", r.backoff().toMillis()).put("reason", r.reason());
                case DownloadEvent.Done d -> n.put("event", d.cached() ? "cached" : "downloaded").put("size", d.size())
                        .put("sha256", d.sha256()).put("duration_ms", d.took().toMillis());
                case DownloadEvent.Failed x -> n.put("event", "failed").put("message", x.message());
                case DownloadEvent.Progress p -> throw new IllegalStateException("filtered above");
            }
            synchronized (out) {
                out.println(n);
            }
        }
    }

    /** Redraws a block of bars in place: one per active file and one for the total. */
    static final class Bars implements Consumer<DownloadEvent> {
        private static final long REDRAW_NANOS = 200_000_000L;
        private final PrintStream out;
        private final int totalFiles;
        private final long started = System.nanoTime();
        private final Map<FileArtifact, long[]> active = new LinkedHashMap<>(); // {bytes, total}
        private long finishedBytes;
        private int done;
        private int failed;
        private int drawnLines;
        private long lastDraw;

        Bars(PrintStream out, int totalFiles) {
            this.out = out;
            this.totalFiles = totalFiles;
        }

        @Override
        public synchronized void accept(DownloadEvent e) {
            String line = null;
            switch (e) {
                case DownloadEvent.Started s -> active.put(s.file(), new long[] {s.offset(), s.totalBytes()});
                case DownloadEvent.Progress p -> active.put(p.file(), new long[] {p.bytes(), p.totalBytes()});
                case DownloadEvent.Retrying r -> line = "retry " + r.file().label() + " in " + r.backoff().toMillis()
                        + " ms: " + r.reason();
                case DownloadEvent.Done d -> {
                    active.remove(d.file());
                    done++;
                    finishedBytes += d.cached() ? 0 : d.size();
                    line = (d.cached() ? "present " : "ok      ") + d.file().relativePath() + "  " + human(d.size());
                }
                case DownloadEvent.Failed f -> {
                    active.remove(f.file());
                    failed++;
                    line = "FAILED  " + f.message();
                }
            }
            long now = System.nanoTime();
            if (line != null || now - lastDraw > REDRAW_NANOS) {
                redraw(line);
                lastDraw = now;
            }
        }

        private void redraw(String permanent) {
            StringBuilder sb = new StringBuilder();
            if (drawnLines > 0) {
                sb.append("\033[").append(drawnLines).append("F\033[J");
            }
            if (permanent != null) {
                sb.append(permanent).append('\n');
            }
            long activeBytes = 0;
            int lines = 0;
            for (Map.Entry<FileArtifact, long[]> a : active.entrySet()) {
                long[] v = a.getValue();
                activeBytes += v[0];
                sb.append(String.format("  %-40.40s %s %9s", a.getKey().fileName(), bar(v[0], v[1], 24),
                        human(v[0]))).append('\n');
                lines++;
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            long bytes = finishedBytes + activeBytes;
            double rate = bytes / seconds;
            long knownRemaining = active.values().stream().mapToLong(v -> v[1] > 0 ? v[1] - v[0] : 0).sum();
            String eta = rate > 0 && knownRemaining > 0 ? Math.round(knownRemaining / rate) + "s" : "-";
            sb.append(String.format("total %s %d/%d files%s  %s  %s/s  ETA %s", bar(done + failed, totalFiles, 24),
                    done + failed, totalFiles, failed > 0 ? " (" + failed + " failed)" : "", human(bytes),
                    human((long) rate), eta)).append('\n');
            lines++;
            drawnLines = lines;
            out.print(sb);
            out.flush();
        }

        private static String bar(long value, long total, int width) {
            if (total <= 0) {
                return "[" + "?".repeat(width) + "]";
            }
            int filled = (int) Math.min(width, width * value / total);
            return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
