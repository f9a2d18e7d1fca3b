package io.kubexm.runner;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Listening TCP ports and the processes holding them, from {@code ss}. */
public final class Ports {
    private static final Pattern PROCESS = Pattern.compile("\\(\"([^\"]*)\",pid=(\\d+)");
    private final Connector node;

    public Ports(Connector node) {
        this.node = node;
    }

    /** A listening socket; process and PID are known when {@code ss} could see them (root). */
    public record Listener(String address, int port, Optional<String> process, Optional<Long> pid) {
        public String describe() {
            return address + ":" + port + process.map(p -> " held by " + p).orElse("") + pid.map(p -> " (pid " + p + ")").orElse("");
        }
    }

    public List<Listener> listening() {
        ExecResult r = node.exec(Command.sudo("ss -Htlnp").asIdempotent());
        if (!r.ok()) {
            throw new RunnerException("ss -tlnp failed on node " + node.host().describe() + ": " + r.stderr().strip()
                    + "; install iproute2");
        }
        return parse(r.stdout());
    }

    /** Who listens on {@code port}, on any address. */
    public Optional<Listener> holder(int port) {
        return listening().stream().filter(l -> l.port() == port).findFirst();
    }

    static List<Listener> parse(String ss) {
        List<Listener> listeners = new ArrayList<>();
        for (String line : ss.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) {
                continue;
            }
            String local = f[3];
            int colon = local.lastIndexOf(':');
            String address = local.substring(0, colon).replaceAll("%\\S+$", "");
            int port = Integer.parseInt(local.substring(colon + 1));
            Matcher m = PROCESS.matcher(f.length > 5 ? f[5] : "");
            listeners.add(m.find()
                    ? new Listener(address, port, Optional.of(m.group(1)), Optional.of(Long.parseLong(m.group(2))))
                    : new Listener(address, port, Optional.empty(), Optional.empty()));
        }
        return listeners;
    }
}
