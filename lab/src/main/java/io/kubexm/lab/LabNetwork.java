package io.kubexm.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A lab's network: a bridge private to the lab holding the gateway address, and per node a
 * named network namespace with a veth pair (host side on the bridge, {@code eth0} inside).
 * The namespace outlives the container, so a node keeps its link and address across reboots,
 * and link faults are set on the host side like pulling a cable.
 */
final class LabNetwork {
    static final Path NETNS_DIR = Path.of("/run/netns");
    private final HostCommands host;
    private final ObjectMapper json = new ObjectMapper();

    LabNetwork(HostCommands host) {
        this.host = host;
    }

    /** Destinations of every IPv4 route on the host, for picking a subnet that clashes with none. */
    List<String> routeDestinations() {
        CommandResult r = host.check("reading the host's routes", List.of("ip", "-4", "-j", "route", "show", "table", "all"));
        List<String> dst = new ArrayList<>();
        try {
            for (JsonNode route : json.readTree(r.stdout().isBlank() ? "[]" : r.stdout())) {
                String d = route.path("dst").asText("");
                if (!d.isEmpty() && !route.path("type").asText("").equals("broadcast")) {
                    dst.add(d);
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot parse `ip -j route` output: " + e.getMessage(), e);
        }
        return dst;
    }

    boolean linkExists(String link) {
        return Files.exists(Path.of("/sys/class/net", link));
    }

    /** @return true when something had to be created */
    boolean ensureBridge(String bridge, String gateway, int prefix) {
        boolean created = false;
        if (!linkExists(bridge)) {
            host.check("creating bridge " + bridge, List.of("ip", "link", "add", bridge, "type", "bridge"));
            created = true;
        }
        host.check("addressing bridge " + bridge, List.of("ip", "addr", "replace", gateway + "/" + prefix, "dev", bridge));
        host.check("bringing up bridge " + bridge, List.of("ip", "link", "set", bridge, "up"));
        return created;
    }

    /** @return true when something had to be created */
    boolean ensureNode(String bridge, LabNode node, String gateway, int prefix) {
        boolean created = false;
        String ns = node.machine();
        if (!Files.exists(NETNS_DIR.resolve(ns))) {
            host.check(step(node, "creating its network namespace"), List.of("ip", "netns", "add", ns));
            created = true;
        }
        if (!linkExists(node.hostLink())) {
            host.check(step(node, "creating its veth pair"), List.of("ip", "link", "add", node.hostLink(), "type", "veth",
                    "peer", "name", LabNode.INTERFACE, "netns", ns));
            created = true;
        }
        host.check(step(node, "attaching it to " + bridge), List.of("ip", "link", "set", node.hostLink(), "master", bridge, "up"));
        host.check(step(node, "addressing eth0"), List.of("ip", "-n", ns, "addr", "replace",
                node.address() + "/" + prefix, "dev", LabNode.INTERFACE));
        host.check(step(node, "bringing up lo"), List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        host.check(step(node, "bringing up eth0"), List.of("ip", "-n", ns, "link", "set", LabNode.INTERFACE, "up"));
        host.check(step(node, "setting its default route"), List.of("ip", "-n", ns, "route", "replace", "default", "via", gateway));
        return created;
    }

    /** Network namespaces whose name starts with {@code prefix}. */
    List<String> namespaces(String machinePrefix) {
        if (!Files.isDirectory(NETNS_DIR)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(NETNS_DIR)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(machinePrefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Links enslaved to {@code bridge}. */
    List<String> bridgePorts(String bridge) {
        Path brif = Path.of("/sys/class/net", bridge, "brif");
        if (!Files.isDirectory(brif)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(brif)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the namespaces, veth pairs and the bridge (its route goes with it); names what it removed. */
    List<String> remove(String lab, List<String> hostLinks) {
        List<String> removed = new ArrayList<>();
        String bridge = LabNames.bridge(lab);
        List<String> links = new ArrayList<>(hostLinks);
        bridgePorts(bridge).stream().filter(l -> !links.contains(l)).forEach(links::add);
        for (String ns : namespaces(LabNames.machinePrefix(lab))) {
            String link = LabNames.hostLink(lab, ns.substring(LabNames.machinePrefix(lab).length()));
            if (!links.contains(link)) {
                links.add(link);
            }
            host.check("removing network namespace " + ns, List.of("ip", "netns", "delete", ns));
            removed.add("netns " + ns);
        }
        for (String link : links) {
            // Removing a namespace takes the peer of its veth with it, a moment later.
            if (linkExists(link) && !host.run(List.of("ip", "link", "delete", link)).ok() && linkExists(link)) {
                throw new LabException("removing link " + link + " of lab " + lab + " failed; remove it with `ip link delete " + link + "`");
            }
        }
        if (linkExists(bridge)) {
            host.check("removing bridge " + bridge, List.of("ip", "link", "delete", bridge));
            removed.add("bridge " + bridge);
        }
        return removed;
    }

    private static String step(LabNode node, String what) {
        return "node " + node.name() + ": " + what;
    }
}
