package io.kubexm.util;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release version such as {@code v1.32.4} (the leading {@code v} optional, pre-release suffix kept). */
public record Version(int major, int minor, int patch, String preRelease) implements Comparable<Version> {
    private static final Pattern FORMAT =
            Pattern.compile("v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:\\.(0|[1-9][0-9]*))?(?:-([0-9A-Za-z.-]+))?");
    private static final Comparator<Version> ORDER = Comparator.comparingInt(Version::major)
            .thenComparingInt(Version::minor)
            .thenComparingInt(Version::patch)
            // A release sorts after its pre-releases.
            .thenComparing(v -> v.preRelease.isEmpty() ? "\uffff" : v.preRelease);

    /** {@code MAJOR.MINOR[.PATCH][-PRE]}, with or without a leading {@code v}. */
    public static Optional<Version> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4)));
    }

    /**
     * Only the canonical form {@code vMAJOR.MINOR.PATCH[-PRE]}: release URLs and image tags are built from the
     * text as written, so {@code 1.30} or {@code v1.30} would name files that do not exist.
     */
    public static Optional<Version> parseCanonical(String text) {
        return parse(text).filter(v -> v.toString().equals(text));
    }

    /** Compares major and minor only. */
    public int compareMinor(Version other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    public boolean atLeast(Version other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Version other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
