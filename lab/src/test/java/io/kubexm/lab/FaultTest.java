package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {
    @Test
    void parsesEveryFault() {
        assertThat(Fault.parse(List.of("link-down"))).isEqualTo(new Fault.LinkDown());
        assertThat(Fault.parse(List.of("link-up"))).isEqualTo(new Fault.LinkUp());
        assertThat(Fault.parse(List.of("loss", "30"))).isEqualTo(new Fault.Loss(30));
        assertThat(Fault.parse(List.of("loss", "30%"))).isEqualTo(new Fault.Loss(30));
        assertThat(Fault.parse(List.of("delay", "200ms"))).isEqualTo(new Fault.Delay(200));
        assertThat(Fault.parse(List.of("stop-sshd"))).isEqualTo(new Fault.StopSshd());
        assertThat(Fault.parse(List.of("start-sshd"))).isEqualTo(new Fault.StartSshd());
        assertThat(Fault.parse(List.of("reboot"))).isEqualTo(new Fault.Reboot());
        assertThat(Fault.parse(List.of("poweroff"))).isEqualTo(new Fault.Poweroff());
    }

    @Test
    void rejectsWhatItCannotDoWithTheReason() {
        assertThatThrownBy(() -> Fault.parse(List.of("explode"))).hasMessageContaining("unknown fault 'explode'")
                .hasMessageContaining(Fault.USAGE);
        assertThatThrownBy(() -> Fault.parse(List.of("loss"))).hasMessageContaining("takes 1 value");
        assertThatThrownBy(() -> Fault.parse(List.of("reboot", "now"))).hasMessageContaining("takes 0 value");
        assertThatThrownBy(() -> Fault.parse(List.of("loss", "101"))).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> Fault.parse(List.of("delay", "soon"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Fault.parse(List.of())).hasMessageContaining("name a fault");
    }
}
