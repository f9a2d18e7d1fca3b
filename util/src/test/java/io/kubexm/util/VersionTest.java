package io.kubexm.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

    private static Version v(String text) {
        return Version.parse(text).orElseThrow();
    }

    @Test
    void parsesWithOrWithoutPrefixAndPatch() {
        assertThat(v("v1.32.4")).isEqualTo(new Version(1, 32, 4, ""));
        assertThat(v("3.5.21")).isEqualTo(new Version(3, 5, 21, ""));
        assertThat(v("v1.28")).isEqualTo(new Version(1, 28, 0, ""));
        assertThat(v("v1.33.0-rc.1").preRelease()).isEqualTo("rc.1");
        assertThat(v("v1.32.4").toString()).isEqualTo("v1.32.4");
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        assertThat(Version.parse("1")).isEmpty();
        assertThat(Version.parse("v1.32.x")).isEmpty();
        assertThat(Version.parse("latest")).isEmpty();
        assertThat(Version.parse("v01.2.3")).isEmpty();
    }

    @Test
    void canonicalIsVMajorMinorPatch() {
        assertThat(Version.parseCanonical("v1.32.4")).contains(new Version(1, 32, 4, ""));
        assertThat(Version.parseCanonical("v1.33.0-rc.1")).contains(new Version(1, 33, 0, "rc.1"));
        assertThat(Version.parseCanonical("1.32.4")).isEmpty();
        assertThat(Version.parseCanonical("v1.30")).isEmpty();
        assertThat(Version.parseCanonical("1.30")).isEmpty();
        assertThat(Version.parseCanonical("latest")).isEmpty();
    }

    @Test
    void ordersNumericallyWithReleasesAfterPreReleases() {
        assertThat(v("v1.10.0")).isGreaterThan(v("v1.9.9"));
        assertThat(v("v1.33.0")).isGreaterThan(v("v1.33.0-rc.1"));
        assertThat(v("v1.24.0").atLeast(v("v1.24"))).isTrue();
        assertThat(v("v1.34.9").compareMinor(v("v1.34"))).isZero();
        assertThat(v("v1.35.0").compareMinor(v("v1.34"))).isPositive();
        assertThat(v("v1.28.1").compareMinor(v("v1.28.15"))).isZero();
    }
}
