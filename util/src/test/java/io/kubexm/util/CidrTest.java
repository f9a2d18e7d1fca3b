package io.kubexm.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parsesAndCountsFromTheNetworkAddress() {
        Cidr c = Cidr.parse("10.233.0.0/18");
        assertThat(c.toString()).isEqualTo("10.233.0.0/18");
        assertThat(c.addressAt(1).getHostAddress()).isEqualTo("10.233.0.1");
        assertThat(c.addressAt(10).getHostAddress()).isEqualTo("10.233.0.10");
        assertThat(c.addressAt(300).getHostAddress()).isEqualTo("10.233.1.44");
        assertThat(c.size()).isEqualTo(16384);
        assertThatThrownBy(() -> c.addressAt(16384)).hasMessageContaining("has no address number 16384");
    }

    @Test
    void containsAndOverlaps() {
        Cidr pods = Cidr.parse("10.233.64.0/18");
        Cidr services = Cidr.parse("10.233.0.0/18");
        assertThat(pods.overlaps(services)).isFalse();
        assertThat(Cidr.parse("10.233.0.0/16").overlaps(pods)).isTrue();
        assertThat(pods.overlaps(Cidr.parse("10.233.100.0/24"))).isTrue();
        assertThat(pods.contains(IpAddresses.parse("10.233.127.255").orElseThrow())).isTrue();
        assertThat(pods.contains(IpAddresses.parse("10.233.128.0").orElseThrow())).isFalse();
        assertThat(pods.overlaps(Cidr.parse("fd00::/64"))).isFalse();
    }

    @Test
    void ipv6() {
        Cidr c = Cidr.parse("fd00:10:96::/112");
        assertThat(c.isIpv4()).isFalse();
        assertThat(c.addressAt(10).getHostAddress()).isEqualTo("fd00:10:96:0:0:0:0:a");
        assertThat(c.contains(IpAddresses.parse("fd00:10:96::ffff").orElseThrow())).isTrue();
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> Cidr.parse("10.233.0.0")).hasMessageContaining("not in CIDR notation");
        assertThatThrownBy(() -> Cidr.parse("10.233.0.256/18")).hasMessageContaining("'10.233.0.256' is not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.233.0.0/33")).hasMessageContaining("outside 0..32");
        assertThatThrownBy(() -> Cidr.parse("10.233.0.0/x")).hasMessageContaining("'x' is not a prefix length");
        assertThatThrownBy(() -> Cidr.parse("10.233.1.0/18"))
                .hasMessage("10.233.1.0/18 has host bits set; the network is 10.233.0.0/18");
    }

    @Test
    void addressLiteralsNeverResolveNames() {
        assertThat(IpAddresses.isAddress("192.168.10.11")).isTrue();
        assertThat(IpAddresses.isAddress("::1")).isTrue();
        assertThat(IpAddresses.isAddress("localhost")).isFalse();
        assertThat(IpAddresses.isAddress("192.168.010.1")).isFalse();
        assertThat(IpAddresses.isAddress("1.2.3")).isFalse();
        assertThat(IpAddresses.isAddress("beef")).isFalse();
    }
}
