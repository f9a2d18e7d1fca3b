package io.kubexm.engine;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Human progress: one line per event at INFO and above, e.g. {@code 12:00:01 node1  etcd/install  render-unit: changed (12 ms)}. */
public final class ConsoleEventSink implements EventSink {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final PrintStream out;
    private final Event.Level threshold;

    public ConsoleEventSink(PrintStream out, Event.Level threshold) {
        this.out = out;
        this.threshold = threshold;
    }

    public ConsoleEventSink(PrintStream out) {
        this(out, Event.Level.INFO);
    }

    static String format(Event e) {
        StringBuilder b = new StringBuilder(TIME.format(e.timestamp()));
        b.append(switch (e.level()) {
            case ERROR -> " ERROR ";
            case WARN -> " WARN  ";
            default -> " ";
        });
        if (!e.node().isEmpty()) {
            b.append(String.format("%-14s", e.node())).append(' ');
        }
        if (!e.module().isEmpty()) {
            b.append(e.module());
            if (!e.task().isEmpty()) {
                b.append('/').append(e.task());
            }
            b.append("  ");
        }
        if (!e.step().isEmpty()) {
            b.append(e.step()).append(": ");
        }
        // the duration belongs to the first line of a multi-line message (a run summary)
        int firstLineEnd = e.message().indexOf('\n');
        String first = firstLineEnd < 0 ? e.message() : e.message().substring(0, firstLineEnd);
        b.append(first);
        e.durationMs().ifPresent(ms -> b.append(" (").append(ms).append(" ms)"));
        if (firstLineEnd >= 0) {
            b.append(e.message().substring(firstLineEnd));
        }
        return b.toString();
    }

    @Override
    public void emit(Event event) {
        if (event.level().compareTo(threshold) >= 0) {
            String line = format(event);
            synchronized (out) {
                out.println(line);
            }
        }
    }
}
