package io.kubexm.api;

/** A whole cluster.yaml, fully defaulted. Load one with {@link ClusterConfigs}. */
public record ClusterConfig(@Required String apiVersion, @Required String kind, Metadata metadata, ClusterSpec spec) {
    public static final String API_VERSION = "kubexm.io/v1alpha1";
    public static final String KIND = "Cluster";

    public record Metadata(@Required String name) {
        static Metadata defaults() {
            return new Metadata("");
        }
    }

    static ClusterConfig defaults() {
        return new ClusterConfig(API_VERSION, KIND, Metadata.defaults(), ClusterSpec.defaults());
    }

    public String name() {
        return metadata.name();
    }
}
