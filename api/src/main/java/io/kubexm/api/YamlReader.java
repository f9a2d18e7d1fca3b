package io.kubexm.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.kubexm.api.YamlNode.Entry;
import io.kubexm.api.YamlNode.Mapping;
import io.kubexm.api.YamlNode.Mark;
import io.kubexm.api.YamlNode.Scalar;
import io.kubexm.api.YamlNode.Sequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads the first YAML document of a text into {@link YamlNode}s that remember where they were written. */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {
    }

    /** The document, or empty after reporting a syntax error (or duplicate key) to {@code problems}. */
    static Optional<YamlNode> read(String text, Problems problems) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.error(new Mark(1, 1), "the file is empty", "start from examples/cluster.yaml");
                return Optional.empty();
            }
            int before = problems.size();
            YamlNode root = node(parser, problems);
            if (parser.nextToken() != null) {
                problems.error(mark(parser), "a second YAML document starts here; a cluster.yaml holds one",
                        "keep one cluster per file (one conf/<cluster>/ directory each)");
            }
            return problems.size() == before ? Optional.of(root) : Optional.empty();
        } catch (JsonProcessingException e) {
            syntaxError(e, problems);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static YamlNode node(JsonParser p, Problems problems) throws IOException {
        Mark mark = mark(p);
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Mark keyMark = mark(p);
                    p.nextToken();
                    YamlNode value = node(p, problems);
                    Entry previous = entries.putIfAbsent(key, new Entry(key, keyMark, value));
                    if (previous != null) {
                        problems.error(keyMark, "duplicate key '" + key + "' (first at line "
                                + previous.keyMark().line() + ")", "keep one of them");
                    }
                }
                yield new Mapping(mark, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, problems));
                }
                yield new Sequence(mark, List.copyOf(items));
            }
            case VALUE_STRING -> {
                // Jackson hands an alias over as its bare name; binding that would silently be wrong.
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    problems.error(mark, "YAML aliases (*" + p.getText() + ") are not supported",
                            "write the value out in full");
                }
                yield new Scalar(mark, Scalar.Kind.STRING, p.getText());
            }
            case VALUE_NUMBER_INT -> new Scalar(mark, Scalar.Kind.INT, p.getText());
            case VALUE_NUMBER_FLOAT -> new Scalar(mark, Scalar.Kind.FLOAT, p.getText());
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(mark, Scalar.Kind.BOOL, p.getText());
            case VALUE_NULL -> new Scalar(mark, Scalar.Kind.NULL, "");
            default -> throw new IllegalStateException("unexpected YAML token " + p.currentToken() + " at " + mark);
        };
    }

    private static Mark mark(JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return new Mark(at.getLineNr(), at.getColumnNr());
    }

    /**
     * Reports a syntax error in SnakeYAML's own words and place. Its full message quotes the
     * offending line, which may hold a password, so only the problem and its context are kept.
     */
    private static void syntaxError(JsonProcessingException e, Problems problems) {
        String hint = "check indentation and quoting around this place";
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            String context = y.getContext() == null ? "" : " (" + y.getContext()
                    + (y.getContextMark() == null ? "" : " started at line " + (y.getContextMark().getLine() + 1)) + ")";
            problems.error(new Mark(y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1),
                    "YAML syntax: " + y.getProblem() + context, hint);
            return;
        }
        JsonLocation at = e.getLocation();
        Mark mark = at == null ? new Mark(1, 1) : new Mark(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
        String message = e.getOriginalMessage() == null ? "invalid YAML" : e.getOriginalMessage().strip();
        problems.error(mark, "YAML syntax: " + message.lines().findFirst().orElse("invalid YAML"), hint);
    }
}
