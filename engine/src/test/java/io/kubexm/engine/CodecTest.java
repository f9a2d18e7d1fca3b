package io.kubexm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.util.Secret;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CodecTest {
    record Packages(Set<String> names, Map<String, String> sysctl, Secret password) {
    }

    @Test
    void fingerprintsIgnoreTheIterationOrderOfSetsAndMaps() {
        Map<String, String> sysctl = new TreeMap<>(Map.of("net.ipv4.ip_forward", "1", "vm.swappiness", "0"));
        Packages one = new Packages(new LinkedHashSet<>(List.of("socat", "conntrack", "ipset")), sysctl, Secret.of("x"));
        Packages two = new Packages(new LinkedHashSet<>(List.of("ipset", "socat", "conntrack")),
                new java.util.HashMap<>(sysctl), Secret.of("x"));
        assertThat(Codec.fingerprint(one)).isEqualTo(Codec.fingerprint(two))
                .isEqualTo("{\"names\":[\"conntrack\",\"ipset\",\"socat\"],\"password\":\"x\","
                        + "\"sysctl\":{\"net.ipv4.ip_forward\":\"1\",\"vm.swappiness\":\"0\"}}");
        assertThat(Codec.fingerprint(new Packages(Set.of("socat"), sysctl, Secret.of("y"))))
                .isNotEqualTo(Codec.fingerprint(new Packages(Set.of("socat"), sysctl, Secret.of("x"))));
    }

    @Test
    void somethingThatIsNoPlainDataIsFingerprintedByItsText() {
        record HoldsALambda(Runnable action) {
            @Override
            public String toString() {
                return "holds";
            }
        }
        assertThat(Codec.fingerprint(new HoldsALambda(() -> { }))).endsWith("HoldsALambda:holds");
        assertThat(Codec.fingerprint(new Object())).startsWith("java.lang.Object:java.lang.Object@");
    }

    @Test
    void blackboardValuesRoundTripWithTheirSecrets() {
        Packages p = new Packages(Set.of("socat"), Map.of(), Secret.of("token"));
        assertThat(Codec.read(Codec.write(p), Packages.class)).isEqualTo(p);
    }
}
