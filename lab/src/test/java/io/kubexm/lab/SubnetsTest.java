package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetsTest {
    @Test
    void picksTheFirstSubnetNoRouteAndNoLabUses() {
        assertThat(Subnets.pick(List.of("default", "192.0.2.0/24"), List.of())).contains("172.29.0.0/24");
        assertThat(Subnets.pick(List.of("172.29.0.0/24"), List.of("172.29.1.0/24"))).contains("172.29.2.0/24");
    }

    @Test
    void aWiderRouteOrAHostRouteInsideTheSubnetRulesItOut() {
        assertThat(Subnets.pick(List.of("172.29.0.0/23"), List.of())).contains("172.29.2.0/24");
        assertThat(Subnets.pick(List.of("172.29.0.7"), List.of())).contains("172.29.1.0/24");
        assertThat(Subnets.pick(List.of("172.16.0.0/12"), List.of())).isEmpty();
    }

    @Test
    void defaultRouteDoesNotCountAsAClash() {
        assertThat(Subnets.pick(List.of("default"), List.of())).contains("172.29.0.0/24");
    }

    @Test
    void addressesFollowTheExampleLayout() {
        assertThat(Subnets.gateway("172.29.5.0/24")).isEqualTo("172.29.5.1");
        assertThat(Subnets.nodeAddress("172.29.5.0/24", 1)).isEqualTo("172.29.5.11");
        assertThat(Subnets.prefixLength("172.29.5.0/24")).isEqualTo(24);
        assertThat(Subnets.overlaps("10.0.0.0/8", "10.1.2.0/24")).isTrue();
        assertThat(Subnets.overlaps("10.0.0.0/24", "10.0.1.0/24")).isFalse();
    }
}
