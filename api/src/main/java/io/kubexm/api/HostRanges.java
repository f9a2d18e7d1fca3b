package io.kubexm.api;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Role group entries: a host name, or a range {@code node[1:3]} = node1, node2, node3 ({@code node[01:10]} keeps the width). */
public final class HostRanges {
    private static final Pattern RANGE = Pattern.compile("(.*)\\[([0-9]+):([0-9]+)](.*)");
    private static final int MAX_RANGE = 10_000;

    private HostRanges() {
    }

    /**
     * The host names an entry stands for.
     *
     * @throws IllegalArgumentException when the range is empty or backwards
     */
    public static List<String> expand(String entry) {
        Matcher m = RANGE.matcher(entry);
        if (!m.matches()) {
            return List.of(entry);
        }
        String from = m.group(2);
        int start = Integer.parseInt(from);
        int end = Integer.parseInt(m.group(3));
        if (end < start) {
            throw new IllegalArgumentException("range '" + entry + "' runs backwards");
        }
        if (end - start >= MAX_RANGE) {
            throw new IllegalArgumentException("range '" + entry + "' has more than " + MAX_RANGE + " hosts");
        }
        String format = from.startsWith("0") && from.length() > 1 ? "%0" + from.length() + "d" : "%d";
        return IntStream.rangeClosed(start, end)
                .mapToObj(i -> m.group(1) + String.format(format, i) + m.group(4))
                .toList();
    }
}
