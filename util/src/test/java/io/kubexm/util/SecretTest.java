package io.kubexm.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void toStringNeverRevealsTheValue() {
        Secret s = Secret.of("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThat("password=" + s).doesNotContain("hunter2");
        assertThat(String.format("%s", s)).doesNotContain("hunter2");
        assertThat(s.reveal()).isEqualTo("hunter2");
    }
}
