package io.kubexm.lab;

import java.util.List;

/** The lab after {@code up}, and what {@code up} had to change to get there (empty: nothing). */
public record UpResult(Lab lab, List<String> changes) {
    public UpResult {
        changes = List.copyOf(changes);
    }
}
