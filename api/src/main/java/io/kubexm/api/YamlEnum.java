package io.kubexm.api;

/** A closed set of values with the exact spelling each one has in cluster.yaml. */
public interface YamlEnum {
    String yaml();
}
