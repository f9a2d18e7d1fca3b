package io.kubexm.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsTest {

    @Test
    void labels() {
        assertThat(Dns.isLabel("node-1")).isTrue();
        assertThat(Dns.isLabel("a")).isTrue();
        assertThat(Dns.isLabel("Node1")).isFalse();
        assertThat(Dns.isLabel("node_1")).isFalse();
        assertThat(Dns.isLabel("-node")).isFalse();
        assertThat(Dns.isLabel("node.1")).isFalse();
        assertThat(Dns.isLabel("a".repeat(63))).isTrue();
        assertThat(Dns.isLabel("a".repeat(64))).isFalse();
    }

    @Test
    void subdomains() {
        assertThat(Dns.isSubdomain("lb.kubexm.local")).isTrue();
        assertThat(Dns.isSubdomain("cluster.local")).isTrue();
        assertThat(Dns.isSubdomain("lb..local")).isFalse();
        assertThat(Dns.isSubdomain("lb.local.")).isFalse();
        assertThat(Dns.isSubdomain("")).isFalse();
    }

    @Test
    void suggestsALabel() {
        assertThat(Dns.toLabel("Node_1")).isEqualTo("node-1");
        assertThat(Dns.toLabel("_x_")).isEqualTo("x");
    }
}
