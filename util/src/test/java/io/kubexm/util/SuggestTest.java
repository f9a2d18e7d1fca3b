package io.kubexm.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
    private static final List<String> FIELDS = List.of("address", "internalAddress", "port", "user", "type");

    @Test
    void suggestsPlausibleTypos() {
        assertThat(Suggest.closest("adress", FIELDS)).contains("address");
        assertThat(Suggest.closest("tpye", FIELDS)).contains("type");
        assertThat(Suggest.closest("InternalAddres", FIELDS)).contains("internalAddress");
        assertThat(Suggest.closest("arp", List.of("ARP", "BGP"))).contains("ARP");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggest.closest("hostname", FIELDS)).isEmpty();
        assertThat(Suggest.closest("x", List.of("port"))).isEmpty();
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertThat(Suggest.distance("abcd", "abdc")).isEqualTo(1);
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
    }
}
