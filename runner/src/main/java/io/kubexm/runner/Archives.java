package io.kubexm.runner;

import static io.kubexm.connector.Shell.quote;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tar extraction that refuses, before writing anything, an archive with a member or link that
 * would land outside the target directory (absolute names, {@code ..}, escaping links, devices).
 */
public final class Archives {
    private static final Pattern LISTING = Pattern.compile("^(\\S)\\S*\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(.*)$");
    private static final Path SANDBOX = Path.of("/sandbox");
    private final Connector node;

    public Archives(Connector node) {
        this.node = node;
    }

    /** A member as {@code tar -tv} lists it: type letter ({@code -}, {@code d}, {@code l}, {@code h}, ...), name, link target. */
    public record Entry(char type, String name, Optional<String> link) {
    }

    /**
     * Extracts {@code archive} (any compression tar detects) into {@code targetDir} as root,
     * owned by root, dropping the first {@code stripComponents} path components; returns the
     * number of members extracted.
     */
    public int extract(String archive, String targetDir, int stripComponents) {
        String a = quote(Names.absolute(archive));
        ExecResult listing = node.exec(Command.sudo("tar -tvf " + a + " --quoting-style=escape").asIdempotent());
        if (!listing.ok()) {
            throw new RunnerException("cannot read archive " + archive + " on node " + node.host().describe() + ": " + listing.stderr().strip());
        }
        List<Entry> entries = parse(listing.stdout());
        List<String> problems = new ArrayList<>();
        int kept = 0;
        for (Entry e : entries) {
            Optional<Entry> stripped = strip(e, stripComponents);
            if (stripped.isPresent()) {
                kept++;
                problem(stripped.get()).ifPresent(p -> problems.add(e.name() + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new RunnerException("refusing to extract " + archive + " on node " + node.host().describe()
                    + ": members would land outside " + targetDir + ":\n  " + String.join("\n  ", problems.subList(0, Math.min(20, problems.size())))
                    + "\nnothing was extracted; check where the archive comes from");
        }
        String t = quote(Names.absolute(targetDir));
        ExecResult r = node.exec(Command.sudo("mkdir -p " + t + " && tar -xf " + a + " -C " + t + " --no-same-owner"
                + (stripComponents > 0 ? " --strip-components=" + stripComponents : "")).withTimeout(Duration.ofMinutes(30)));
        if (!r.ok()) {
            throw new RunnerException("extracting " + archive + " into " + targetDir + " failed on node " + node.host().describe()
                    + ": " + r.stderr().strip());
        }
        return kept;
    }

    static List<Entry> parse(String listing) {
        List<Entry> entries = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            Matcher m = LISTING.matcher(line);
            if (!m.matches()) {
                throw new RunnerException("unexpected tar listing line: " + line);
            }
            char type = m.group(1).charAt(0);
            String rest = m.group(2);
            String separator = type == 'l' ? " -> " : type == 'h' ? " link to " : null;
            int at = separator == null ? -1 : rest.indexOf(separator);
            entries.add(at < 0 ? new Entry(type, rest, Optional.empty())
                    : new Entry(type, rest.substring(0, at), Optional.of(rest.substring(at + separator.length()))));
        }
        return entries;
    }

    /** What is wrong with a member once extracted under the target directory, if anything. */
    static Optional<String> problem(Entry e) {
        if (e.type() == 'c' || e.type() == 'b' || e.type() == 'p') {
            return Optional.of("device or fifo members are not allowed");
        }
        Optional<String> name = escapes(e.name(), "name");
        if (name.isPresent()) {
            return name;
        }
        if (e.link().isEmpty()) {
            return Optional.empty();
        }
        String target = e.link().get();
        if (e.type() == 'h') {
            return escapes(target, "hard link target");
        }
        if (target.startsWith("/")) {
            return Optional.of("symbolic link to absolute path " + target);
        }
        Path parent = SANDBOX.resolve(e.name()).normalize().getParent();
        return parent.resolve(target).normalize().startsWith(SANDBOX) ? Optional.empty()
                : Optional.of("symbolic link " + target + " points outside the target directory");
    }

    private static Optional<String> escapes(String path, String what) {
        if (path.startsWith("/")) {
            return Optional.of("absolute " + what);
        }
        Path resolved = SANDBOX.resolve(path).normalize();
        return resolved.startsWith(SANDBOX) && !Arrays.asList(path.split("/")).contains("..") ? Optional.empty()
                : Optional.of(what + " climbs out with '..'");
    }

    private static Optional<Entry> strip(Entry e, int components) {
        if (components == 0) {
            return Optional.of(e);
        }
        Optional<String> name = stripPath(e.name(), components);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> link = e.type() == 'h' ? e.link().flatMap(l -> stripPath(l, components)) : e.link();
        return Optional.of(new Entry(e.type(), name.get(), link));
    }

    private static Optional<String> stripPath(String path, int components) {
        String[] parts = path.replaceAll("^(\\./)+", "").split("/+");
        return parts.length <= components ? Optional.empty()
                : Optional.of(String.join("/", Arrays.copyOfRange(parts, components, parts.length)));
    }
}
