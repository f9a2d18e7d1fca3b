package io.kubexm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubexm.util.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading, validating and printing cluster.yaml files. */
public final class ClusterConfigs {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private ClusterConfigs() {
    }

    /**
     * The fully defaulted config of a file.
     *
     * @throws InvalidConfigException listing every error in the file
     * @throws IOException when the file cannot be read
     */
    public static ClusterConfig load(Path file) throws IOException {
        return validate(file).orThrow();
    }

    /** Every problem of a file, and the config when it has no error. Touches nothing but the file. */
    public static Validation validate(Path file) throws IOException {
        return validate(file.toString(), Files.readString(file), clusterDirectory(file));
    }

    /** As {@link #validate(Path)}, for text; {@code fileName} is what problems are reported against. */
    public static Validation validate(String fileName, String text) {
        return validate(fileName, text, Optional.empty());
    }

    /** For {@code conf/NAME/cluster.yaml}: NAME, which metadata.name must match. */
    private static Optional<String> clusterDirectory(Path file) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        boolean inConf = file.getFileName().toString().equals("cluster.yaml") && dir != null
                && dir.getParent() != null && dir.getParent().getFileName() != null
                && dir.getParent().getFileName().toString().equals("conf");
        return inConf ? Optional.of(dir.getFileName().toString()) : Optional.empty();
    }

    private static Validation validate(String fileName, String text, Optional<String> directoryName) {
        Problems problems = new Problems(fileName);
        Optional<YamlNode> root = YamlReader.read(text, problems);
        Optional<ClusterConfig> config = root.filter(r -> r instanceof YamlNode.Mapping)
                .map(r -> new Binder(problems).bindRoot(r, ClusterConfig.class));
        root.filter(r -> !(r instanceof YamlNode.Mapping)).ifPresent(r -> problems.error(r.mark(),
                "the document is " + r.describe() + ", not a mapping", "start from examples/cluster.yaml"));
        // Rules run even after type errors (on the defaults standing in for wrong values), so one run reports all.
        if (problems.hasErrors()) {
            problems.muteWarnings();
        }
        config.ifPresent(c -> new Rules(c, root.get(), problems, SupportedVersions.load(), directoryName).check());
        return new Validation(problems.hasErrors() ? Optional.empty() : config, problems.sorted());
    }

    /** The config in text, for tests and tools. @throws InvalidConfigException listing every error */
    public static ClusterConfig parse(String text) {
        return validate("<text>", text).orThrow();
    }

    /** The config as cluster.yaml, every field present; secrets that are set print as {@code ******}. */
    public static String toYaml(ClusterConfig config) {
        try {
            return YAML.writeValueAsString(tree(config));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(Object value) {
        return switch (value) {
            case String s -> JSON.textNode(s);
            case Integer i -> JSON.numberNode(i);
            case Boolean b -> JSON.booleanNode(b);
            case Secret s -> JSON.textNode(s.isEmpty() ? "" : s.toString());
            case YamlEnum e -> JSON.textNode(e.yaml());
            case JsonNode n -> n;
            // No jump host prints as {}, as in examples/cluster.yaml: its port and user would only mislead.
            case Bastion b when !b.enabled() -> JSON.objectNode();
            case List<?> list -> {
                ArrayNode a = JSON.arrayNode();
                list.forEach(item -> a.add(tree(item)));
                yield a;
            }
            case Map<?, ?> map -> {
                ObjectNode o = JSON.objectNode();
                map.forEach((k, v) -> o.set(k.toString(), tree(v)));
                yield o;
            }
            case Record r -> {
                ObjectNode o = JSON.objectNode();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    Object v = read(r, c);
                    if (v instanceof Optional<?> opt) {
                        opt.ifPresent(x -> o.set(Binder.yamlName(c), tree(x)));
                    } else {
                        o.set(Binder.yamlName(c), tree(v));
                    }
                }
                yield o;
            }
            default -> throw new IllegalArgumentException("cannot print " + value.getClass());
        };
    }

    private static Object read(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
