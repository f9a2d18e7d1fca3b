package io.kubexm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Optional;

/** An entry of {@code spec.addons}: plain manifests or a Helm chart (validation ensures exactly one). */
public record Addon(@Required String name, String namespace, Optional<Manifests> yaml, Optional<HelmChart> helm) {

    /** Where the addon comes from. */
    public sealed interface Source permits Manifests, HelmChart {
    }

    /** YAML manifests, applied in order. */
    public record Manifests(List<String> paths) implements Source {
        static Manifests defaults() {
            return new Manifests(List.of());
        }
    }

    /** A Helm chart; {@code values} is the chart's values tree as written. */
    public record HelmChart(@Required String repo, @Required String chart, @Required String version, JsonNode values)
            implements Source {

        public HelmChart {
            values = values.deepCopy();
        }

        /** A copy: Jackson trees are mutable, the config is not. */
        @Override
        public JsonNode values() {
            return values.deepCopy();
        }

        static HelmChart defaults() {
            return new HelmChart("", "", "", JsonNodeFactory.instance.objectNode());
        }
    }

    public Source source() {
        return yaml.<Source>map(m -> m).or(() -> helm).orElseThrow(
                () -> new IllegalStateException("addon " + name + " has neither yaml nor helm; validation lets none through"));
    }

    static Addon defaults() {
        return new Addon("", "default", Optional.empty(), Optional.empty());
    }
}
