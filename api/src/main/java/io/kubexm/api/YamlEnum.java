package io.kubexm.api;

import java.util.List;

/** A closed set of values with the exact spelling each one has in cluster.yaml. */
public interface YamlEnum {
    String yaml();

    /** Other names people write for this value (refused, but the hint names the right spelling). */
    default List<String> synonyms() {
        return List.of();
    }
}
