package io.kubexm.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON object per event (timestamp, level, run, pipeline, module, task, step,
 * node, message, duration_ms) to a file, flushed line by line so a killed run keeps its log.
 */
public final class JsonLinesEventSink implements EventSink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;
    private final Path file;

    private JsonLinesEventSink(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    public static JsonLinesEventSink append(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return new JsonLinesEventSink(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    static String toJson(Event e) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", e.timestamp().toString());
            g.writeStringField("level", e.level().name());
            g.writeStringField("run", e.run());
            g.writeStringField("pipeline", e.pipeline());
            field(g, "module", e.module());
            field(g, "task", e.task());
            field(g, "step", e.step());
            field(g, "node", e.node());
            g.writeStringField("message", e.message());
            if (e.durationMs().isPresent()) {
                g.writeNumberField("duration_ms", e.durationMs().getAsLong());
            } else {
                g.writeNullField("duration_ms");
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return w.toString();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value.isEmpty()) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    @Override
    public synchronized void emit(Event event) {
        try {
            out.write(toJson(event));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
