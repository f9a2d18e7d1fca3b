package io.kubexm.engine;

import io.kubexm.util.Secret;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Second line of defence behind {@link Secret}'s masking {@code toString()}: replaces the
 * value of every configured secret wherever it still appears in a message (for example in
 * the output of a remote command that echoed it). Longest values first, so a secret that
 * contains another is masked whole.
 */
final class Redactor {
    static final String MASK = Secret.of("").toString();
    private final List<String> values;

    Redactor(Collection<Secret> secrets) {
        this.values = secrets.stream()
                .map(Secret::reveal)
                .filter(v -> !v.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    String redact(String text) {
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }
}
