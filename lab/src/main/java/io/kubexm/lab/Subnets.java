package io.kubexm.lab;

import io.kubexm.util.Cidr;
import java.util.Collection;
import java.util.Optional;

/**
 * Picks a lab's /24 out of 172.29.0.0/16 (private, RFC 1918) and derives addresses in it:
 * the bridge holds .1, node i holds .(10+i), like examples/cluster.yaml.
 */
final class Subnets {
    static final String POOL_PREFIX = "172.29.";

    private Subnets() {
    }

    /** The first /24 of the pool that overlaps no route of the host and no other lab. */
    static Optional<String> pick(Collection<String> routeDestinations, Collection<String> takenByLabs) {
        for (int third = 0; third < 256; third++) {
            String candidate = POOL_PREFIX + third + ".0/24";
            if (takenByLabs.contains(candidate)) {
                continue;
            }
            boolean clash = routeDestinations.stream()
                    .filter(d -> !d.equals("default"))
                    .anyMatch(d -> overlaps(candidate, d.contains("/") ? d : d + "/32"));
            if (!clash) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean overlaps(String cidrA, String cidrB) {
        return Cidr.parse(cidrA).overlaps(Cidr.parse(cidrB));
    }

    static String gateway(String subnet) {
        return host(subnet, 1);
    }

    static String nodeAddress(String subnet, int index) {
        return host(subnet, 10 + index);
    }

    static int prefixLength(String subnet) {
        return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    }

    private static String host(String subnet, int last) {
        String base = subnet.substring(0, subnet.indexOf('/'));
        return base.substring(0, base.lastIndexOf('.') + 1) + last;
    }
}
