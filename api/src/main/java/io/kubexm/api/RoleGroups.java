package io.kubexm.api;

import java.util.List;

/**
 * Host names per role as written, before expansion: an entry may be a range such as
 * {@code node[1:3]}. {@link Topology} holds the expanded hosts.
 */
public record RoleGroups(
        List<String> etcd,
        @YamlName(value = "master", aliases = "control-plane") List<String> master,
        List<String> worker,
        List<String> loadbalancer,
        List<String> registry) {

    static RoleGroups defaults() {
        return new RoleGroups(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public List<String> of(Role role) {
        return switch (role) {
            case ETCD -> etcd;
            case MASTER -> master;
            case WORKER -> worker;
            case LOADBALANCER -> loadbalancer;
            case REGISTRY -> registry;
        };
    }
}
