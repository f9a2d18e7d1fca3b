package io.kubexm.api;

import java.util.List;

/** {@code spec} of cluster.yaml. */
public record ClusterSpec(
        List<Host> hosts,
        Bastion bastion,
        RoleGroups roleGroups,
        KubernetesSpec kubernetes,
        EtcdSpec etcd,
        LoadBalancerSpec loadbalancer,
        NetworkSpec network,
        RuntimeSpec runtime,
        RegistrySpec registry,
        SystemSpec system,
        ExtraSpec extra,
        StorageSpec storage,
        List<Addon> addons,
        Zone zone) {

    static ClusterSpec defaults() {
        return new ClusterSpec(List.of(), Bastion.defaults(), RoleGroups.defaults(), KubernetesSpec.defaults(),
                EtcdSpec.defaults(), LoadBalancerSpec.defaults(), NetworkSpec.defaults(), RuntimeSpec.defaults(),
                RegistrySpec.defaults(), SystemSpec.defaults(), ExtraSpec.defaults(), StorageSpec.defaults(),
                List.of(), Zone.DEFAULT);
    }
}
