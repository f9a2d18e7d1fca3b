package io.kubexm.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named block of lines that kubexm owns inside a text file it does not own
 * ({@code /etc/hosts}, {@code /etc/fstab}...), between {@code # BEGIN kubexm NAME} and
 * {@code # END kubexm NAME}. Everything outside the markers is left exactly as it was.
 */
public final class ManagedBlock {
    private ManagedBlock() {
    }

    public static String begin(String name) {
        return "# BEGIN kubexm " + name;
    }

    public static String end(String name) {
        return "# END kubexm " + name;
    }

    /** {@code text} with the block {@code name} holding {@code content}: replaced in place, or appended. */
    public static String apply(String text, String name, String content, String where) {
        List<String> body = content.isEmpty() ? List.of() : content.strip().lines().toList();
        List<String> lines = new ArrayList<>(text.lines().toList());
        List<String> block = new ArrayList<>();
        block.add(begin(name));
        block.addAll(body);
        block.add(end(name));
        Optional<int[]> range = find(lines, name, where);
        if (range.isPresent()) {
            int[] r = range.get();
            lines.subList(r[0], r[1] + 1).clear();
            lines.addAll(r[0], block);
        } else {
            lines.addAll(block);
        }
        return String.join("\n", lines) + "\n";
    }

    /** {@code text} without the block {@code name}; the same text when there is none. */
    public static String remove(String text, String name, String where) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        Optional<int[]> range = find(lines, name, where);
        if (range.isEmpty()) {
            return text;
        }
        lines.subList(range.get()[0], range.get()[1] + 1).clear();
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private static Optional<int[]> find(List<String> lines, String name, String where) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals(begin(name))) {
                if (start >= 0) {
                    throw new RunnerException(where + ":" + (i + 1) + ": a second '" + begin(name)
                            + "' before the first one ended; remove the duplicate markers by hand");
                }
                start = i;
            } else if (line.equals(end(name))) {
                if (start < 0) {
                    throw new RunnerException(where + ":" + (i + 1) + ": '" + end(name) + "' without its BEGIN line; fix the markers by hand");
                }
                return Optional.of(new int[] {start, i});
            }
        }
        if (start >= 0) {
            throw new RunnerException(where + ":" + (start + 1) + ": '" + begin(name) + "' is never closed by '" + end(name)
                    + "'; fix the markers by hand");
        }
        return Optional.empty();
    }
}
