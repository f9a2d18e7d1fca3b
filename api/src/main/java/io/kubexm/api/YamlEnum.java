package io.kubexm.api;

import io.kubexm.util.Suggest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A closed set of values with the exact spelling each one has in cluster.yaml. */
public interface YamlEnum {
    String yaml();

    /** Other names people write for this value (refused, but the hint names the right spelling). */
    default List<String> synonyms() {
        return List.of();
    }

    /** The value spelt exactly {@code text}. */
    static <E extends YamlEnum> Optional<E> find(Class<E> type, String text) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.yaml().equals(text)).findFirst();
    }

    /** Every spelling, as in {@code calico | flannel}. */
    static String allowed(Class<? extends YamlEnum> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlEnum::yaml).map(s -> s.isEmpty() ? "\"\"" : s)
                .collect(Collectors.joining(" | "));
    }

    /** The spelling someone who wrote {@code text} probably meant: a synonym's, or a near miss. */
    static Optional<String> meant(Class<? extends YamlEnum> type, String text) {
        List<? extends YamlEnum> values = Arrays.asList(type.getEnumConstants());
        return values.stream().filter(e -> e.synonyms().contains(text)).map(YamlEnum::yaml).findFirst()
                .or(() -> Suggest.closest(text, values.stream().map(YamlEnum::yaml).toList()));
    }

    /**
     * The value spelt {@code text}, for input outside cluster.yaml (a command-line option named {@code what}):
     * the same spellings, refused with the same words as in a config.
     */
    static <E extends YamlEnum> E parse(Class<E> type, String what, String text) {
        return find(type, text).orElseThrow(() -> new IllegalArgumentException(what + ": '" + text + "' is not one of "
                + allowed(type) + meant(type, text).map(m -> "; did you mean '" + m + "'?").orElse("")));
    }
}
