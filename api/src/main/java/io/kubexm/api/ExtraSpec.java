package io.kubexm.api;

import java.util.List;

/** {@code spec.extra}: extra /etc/hosts entries and DNS servers for every node. */
public record ExtraSpec(List<HostEntry> hosts, List<Resolver> resolves) {

    public record HostEntry(@Required String domain, @Required String address) {
        static HostEntry defaults() {
            return new HostEntry("", "");
        }
    }

    public record Resolver(@Required String address) {
        static Resolver defaults() {
            return new Resolver("");
        }
    }

    static ExtraSpec defaults() {
        return new ExtraSpec(List.of(), List.of());
    }
}
