package io.kubexm.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML document as parsed, every node with the place it was written, so problems can point at it. */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    Mark mark();

    /** 1-based line and column. */
    record Mark(int line, int column) {
    }

    record Entry(String key, Mark keyMark, YamlNode value) {
    }

    /** Entries in document order. */
    record Mapping(Mark mark, Map<String, Entry> entries) implements YamlNode {
    }

    record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
    }

    record Scalar(Mark mark, Kind kind, String text) implements YamlNode {
        enum Kind { STRING, INT, FLOAT, BOOL, NULL }
    }

    /** Words for "expected X, found Y" messages. */
    default String describe() {
        return switch (this) {
            case Mapping m -> "a mapping";
            case Sequence s -> "a list";
            case Scalar s -> switch (s.kind()) {
                case STRING -> "a string";
                case INT -> "an integer";
                case FLOAT -> "a number";
                case BOOL -> "a boolean";
                case NULL -> "nothing";
            };
        };
    }

    default boolean isNull() {
        return this instanceof Scalar s && s.kind() == Scalar.Kind.NULL;
    }

    /**
     * The node at a path of keys (String) and list indexes (Integer), if present.
     */
    default Optional<YamlNode> find(List<?> path) {
        YamlNode node = this;
        for (Object segment : path) {
            Optional<YamlNode> next = node.child(segment);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            node = next.get();
        }
        return Optional.of(node);
    }

    default Optional<YamlNode> child(Object segment) {
        if (this instanceof Mapping m && segment instanceof String key) {
            return Optional.ofNullable(m.entries().get(key)).map(Entry::value);
        }
        if (this instanceof Sequence s && segment instanceof Integer i && i >= 0 && i < s.items().size()) {
            return Optional.of(s.items().get(i));
        }
        return Optional.empty();
    }
}
