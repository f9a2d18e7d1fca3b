package io.kubexm.api;

/** {@code spec.network}. */
public record NetworkSpec(
        NetworkPlugin plugin,
        String podCIDR,
        String serviceCIDR,
        boolean nodeLocalDNS,
        String nodeLocalDNSAddress) {

    static NetworkSpec defaults() {
        return new NetworkSpec(NetworkPlugin.CALICO, "10.233.64.0/18", "10.233.0.0/18", true, "169.254.25.10");
    }
}
