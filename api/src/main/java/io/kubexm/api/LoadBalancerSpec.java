package io.kubexm.api;

/** {@code spec.loadbalancer}: the load balancer in front of the API servers. */
public record LoadBalancerSpec(
        boolean enabled,
        LoadBalancerMode mode,
        LoadBalancerType type,
        String vip,
        String domain,
        @Range(min = 1, max = 65535, hint = "the API server's usual port is 6443") int port,
        @YamlName("interface") String networkInterface,
        KubeVipMode kubeVipMode) {

    static LoadBalancerSpec defaults() {
        return new LoadBalancerSpec(false, LoadBalancerMode.INTERNAL, LoadBalancerType.HAPROXY, "", "lb.kubexm.local",
                6443, "", KubeVipMode.ARP);
    }
}
