package io.kubexm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.api.Problem.Severity;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void everyProblemNeedsAHint() {
        assertThatThrownBy(() -> new Problem(Severity.ERROR, "c.yaml", 1, 1, "bad", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
        Problems problems = new Problems("c.yaml");
        problems.muteWarnings();
        // A muted warning still needs its hint, or a hintless one would only show up in files without errors.
        assertThatThrownBy(() -> problems.warning(new YamlNode.Mark(1, 1), "odd", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsTheHintOnItsOwnLine() {
        assertThat(new Problem(Severity.WARNING, "c.yaml", 3, 5, "odd", "do this").toString())
                .isEqualTo("c.yaml:3:5: warning: odd\n    hint: do this");
    }
}
