package io.kubexm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubexm.api.YamlNode.Mapping;
import io.kubexm.api.YamlNode.Scalar;
import io.kubexm.api.YamlNode.Sequence;
import io.kubexm.util.Secret;
import io.kubexm.util.Suggest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a {@link YamlNode} tree to the records of this package, reporting every unknown field,
 * wrong type, bad enum spelling, out-of-range number and missing required field instead of
 * stopping at the first. A field that is absent (or null) takes the value of the enclosing
 * record type's {@code defaults()}.
 */
final class Binder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Problems problems;

    Binder(Problems problems) {
        this.problems = problems;
    }

    <T> T bindRoot(YamlNode root, Class<T> type) {
        return type.cast(bind(root, type, "", defaultsOf(type)));
    }

    /** The value of {@code node} as {@code type}; {@code fallback} when it is absent or wrong. */
    private Object bind(YamlNode node, Type type, String path, Object fallback) {
        Class<?> raw = raw(type);
        if (node.isNull()) {
            return fallback;
        }
        if (raw == String.class || raw == Secret.class) {
            if (!(node instanceof Scalar s)) {
                return mismatch(node, path, "a string", fallback);
            }
            return raw == String.class ? s.text() : Secret.of(s.text());
        }
        if (raw == int.class) {
            if (!(node instanceof Scalar s) || s.kind() != Scalar.Kind.INT) {
                return mismatch(node, path, "an integer", fallback);
            }
            Optional<BigInteger> parsed = decimal(s.text());
            if (parsed.isEmpty()) {
                problems.error(path, node.mark(), path + ": " + s.text() + " is not a decimal integer", "write it in decimal");
                return fallback;
            }
            BigInteger value = parsed.get();
            if (value.bitLength() > 31) {
                problems.error(path, node.mark(), path + ": " + s.text() + " is too large", "use a value below 2147483648");
                return fallback;
            }
            return value.intValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!(node instanceof Scalar s) || s.kind() != Scalar.Kind.BOOL) {
                return mismatch(node, path, "true or false", fallback);
            }
            return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
        }
        if (YamlEnum.class.isAssignableFrom(raw)) {
            return bindEnum(node, raw, path, fallback);
        }
        if (raw == JsonNode.class) {
            return json(node);
        }
        if (raw == Optional.class) {
            Type inner = typeArgument(type, 0);
            return Optional.of(bind(node, inner, path, defaultsOf(raw(inner))));
        }
        if (raw == List.class) {
            if (!(node instanceof Sequence seq)) {
                return mismatch(node, path, "a list", fallback);
            }
            Type item = typeArgument(type, 0);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode itemNode = seq.items().get(i);
                String itemPath = path + "[" + i + "]";
                if (itemNode.isNull()) {
                    problems.error(itemPath, itemNode.mark(), itemPath + " is empty", "remove the empty '-' entry");
                    continue;
                }
                out.add(bind(itemNode, item, itemPath, defaultsOf(raw(item))));
            }
            return List.copyOf(out);
        }
        if (raw == Map.class) {
            if (!(node instanceof Mapping map)) {
                return mismatch(node, path, "a mapping", fallback);
            }
            Type value = typeArgument(type, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            Object neutral = defaultsOf(raw(value));
            map.entries().forEach((key, entry) -> {
                if (entry.value().isNull() && neutral == null) {
                    problems.error(path + "." + key, entry.keyMark(), path + "." + key + " has no value", "give it a value or remove it");
                    return;
                }
                Object v = bind(entry.value(), value, path + "." + key, neutral);
                if (v != null) { // null: a wrong value, already reported
                    out.put(key, v);
                }
            });
            return Collections.unmodifiableMap(out);
        }
        if (raw.isRecord()) {
            if (!(node instanceof Mapping map)) {
                return mismatch(node, path, "a mapping", fallback);
            }
            return bindRecord(map, raw, path, fallback);
        }
        throw new IllegalStateException("no binding for " + type + " at " + path);
    }

    private Object bindRecord(Mapping map, Class<?> type, String path, Object fallback) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byName.put(yamlName(c), c);
            YamlName names = c.getAnnotation(YamlName.class);
            if (names != null) {
                Arrays.stream(names.aliases()).forEach(alias -> byName.put(alias, c));
            }
        }
        Map<RecordComponent, YamlNode.Entry> given = new LinkedHashMap<>();
        // Fields an unknown key probably meant: their absence is already explained by the typo.
        Set<String> misspelt = new HashSet<>();
        map.entries().forEach((key, entry) -> {
            RecordComponent c = byName.get(key);
            if (c == null) {
                String where = path.isEmpty() ? "the top level" : path;
                Optional<String> meant = Suggest.closest(key, byName.keySet());
                meant.ifPresent(misspelt::add);
                String hint = meant.map(s -> "did you mean '" + s + "'?")
                        .orElse("known fields: " + String.join(", ", byName.keySet()));
                // A misspelt field leaves the one meant unset.
                problems.error(child(path, meant.orElse(key)), entry.keyMark(), "unknown field '" + key + "' in " + where,
                        hint);
            } else if (given.containsKey(c)) {
                problems.error(child(path, key), entry.keyMark(), "'" + key + "' sets " + child(path, yamlName(c)) + " again",
                        "keep only one of '" + given.get(c).key() + "' and '" + key + "'");
            } else {
                given.put(c, entry);
            }
        });
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object dflt = c.isAnnotationPresent(Derived.class) ? Derived.UNSET.get(c.getType())
                    : componentValue(fallback, c);
            YamlNode.Entry entry = given.get(c);
            String childPath = child(path, yamlName(c));
            if ((entry == null || entry.value().isNull()) && c.getType().isRecord()) {
                // As if written empty, so its own required and derived fields are handled.
                args[i] = bindRecord(new Mapping(entry == null ? map.mark() : entry.keyMark(), Map.of()), c.getType(),
                        childPath, dflt);
            } else if (entry == null || entry.value().isNull()) {
                if (c.isAnnotationPresent(Required.class) && !misspelt.contains(yamlName(c))) {
                    problems.error(childPath, entry == null ? map.mark() : entry.keyMark(),
                            "missing required field " + childPath, "add '" + yamlName(c) + ": ...'");
                }
                args[i] = dflt;
            } else {
                args[i] = bind(entry.value(), c.getGenericType(), childPath, dflt);
                checkRange(c, entry.value(), childPath, args[i]);
            }
        }
        return construct(type, components, args);
    }

    private void checkRange(RecordComponent c, YamlNode node, String path, Object value) {
        Range range = c.getAnnotation(Range.class);
        if (range != null && value instanceof Integer v && (v < range.min() || v > range.max())) {
            String bounds = range.max() == Integer.MAX_VALUE ? "at least " + range.min()
                    : "between " + range.min() + " and " + range.max();
            problems.error(path, node.mark(), path + " is " + v + " but must be " + bounds, range.hint());
        }
    }

    private Object bindEnum(YamlNode node, Class<?> raw, String path, Object fallback) {
        Class<? extends YamlEnum> type = raw.asSubclass(YamlEnum.class);
        String allowed = YamlEnum.allowed(type);
        if (!(node instanceof Scalar s) || s.kind() != Scalar.Kind.STRING) {
            return mismatch(node, path, "one of " + allowed, fallback);
        }
        Optional<? extends YamlEnum> value = YamlEnum.find(type, s.text());
        if (value.isPresent()) {
            return value.get();
        }
        String hint = YamlEnum.meant(type, s.text()).map(x -> "did you mean '" + x + "'?").orElse("use one of " + allowed);
        problems.error(path, node.mark(), path + ": '" + s.text() + "' is not one of " + allowed, hint);
        return fallback;
    }

    private Object mismatch(YamlNode node, String path, String expected, Object fallback) {
        problems.error(path, node.mark(), path + ": expected " + expected + ", found " + node.describe(),
                mismatchHint(node, expected));
        return fallback;
    }

    private static String mismatchHint(YamlNode node, String expected) {
        String text = node instanceof Scalar s ? s.text() : "";
        return switch (expected) {
            case "a list" -> node instanceof Scalar ? "write it as a list: [" + text + "]"
                    : "write it as a list: [a, b] or one '- ' item per line";
            case "an integer" -> decimal(text).isPresent() ? "drop the quotes: " + text
                    : "write a whole number, without quotes";
            case "true or false" -> switch (text.toLowerCase(Locale.ROOT)) {
                case "yes", "y", "on", "1", "true" -> "write true, without quotes";
                case "no", "n", "off", "0", "false" -> "write false, without quotes";
                default -> "write true or false, without quotes";
            };
            case "a mapping" -> "write its fields as 'key: value' lines indented under it";
            case "a string" -> "write a single value here; quote it if it contains ': ' or starts with [ or {";
            default -> "use " + expected;
        };
    }

    private static JsonNode json(YamlNode node) {
        return switch (node) {
            case Mapping m -> {
                ObjectNode o = JSON.objectNode();
                m.entries().forEach((k, e) -> o.set(k, json(e.value())));
                yield o;
            }
            case Sequence s -> {
                ArrayNode a = JSON.arrayNode();
                s.items().forEach(i -> a.add(json(i)));
                yield a;
            }
            case Scalar s -> switch (s.kind()) {
                case STRING -> JSON.textNode(s.text());
                case INT -> decimal(s.text()).<JsonNode>map(JSON::numberNode).orElse(JSON.textNode(s.text()));
                case FLOAT -> {
                    try {
                        yield JSON.numberNode(new BigDecimal(s.text().replace("_", "")));
                    } catch (NumberFormatException e) {
                        yield JSON.textNode(s.text()); // .inf, .nan
                    }
                }
                case BOOL -> JSON.booleanNode(Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT)));
                case NULL -> JSON.nullNode();
            };
        };
    }

    /** YAML also writes integers in hex, octal or with '_' separators; kubexm takes plain decimal ones. */
    private static Optional<BigInteger> decimal(String text) {
        return text.matches("[-+]?[0-9]+") ? Optional.of(new BigInteger(text)) : Optional.empty();
    }

    static String yamlName(RecordComponent c) {
        YamlName name = c.getAnnotation(YamlName.class);
        return name == null ? c.getName() : name.value();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The {@code defaults()} of a record type, or the neutral value of a leaf type. */
    static Object defaultsOf(Class<?> type) {
        if (type.isRecord()) {
            try {
                Method m = type.getDeclaredMethod("defaults");
                m.setAccessible(true);
                return m.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type + " needs a static defaults()", e);
            }
        }
        if (type == String.class) {
            return "";
        }
        if (type == Secret.class) {
            return Secret.of("");
        }
        if (type == JsonNode.class) {
            return JSON.nullNode();
        }
        return null;
    }

    private static Object componentValue(Object record, RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] args) {
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            var ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
