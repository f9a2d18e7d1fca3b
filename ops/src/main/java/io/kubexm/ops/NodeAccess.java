package io.kubexm.ops;

import io.kubexm.api.Bastion;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import io.kubexm.connector.Host;
import io.kubexm.util.Secret;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Maps the config's hosts onto the engine's hosts (name and the attributes plans show, never a
 * secret) and onto the connector's hosts (how to reach them: key, password, sudo password,
 * bastion).
 */
public final class NodeAccess {
    private NodeAccess() {
    }

    /** The engine's view: address, internal address, roles and arch as attributes. */
    public static io.kubexm.engine.Host engineHost(Topology topology, io.kubexm.api.Host h) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("address", h.address());
        if (!h.internalAddress().equals(h.address())) {
            attributes.put("internalAddress", h.internalAddress());
        }
        attributes.put("roles", topology.roles(h).stream().map(Role::yaml).collect(Collectors.joining(",")));
        attributes.put("arch", h.arch().yaml());
        return new io.kubexm.engine.Host(h.name(), attributes);
    }

    public static List<io.kubexm.engine.Host> engineHosts(Topology topology, List<io.kubexm.api.Host> hosts) {
        return hosts.stream().map(h -> engineHost(topology, h)).toList();
    }

    /** The connector's view: how kubexm logs in over SSH. */
    public static Host connectorHost(Topology topology, io.kubexm.api.Host h) {
        Host host = credentials(Host.of(h.name(), h.address(), h.user()).withPort(h.port()), h.password(),
                h.privateKeyPath(), h.privateKeyPassphrase());
        if (!h.sudoPassword().isEmpty()) {
            host = host.withSudoPassword(h.sudoPassword());
        }
        Optional<Bastion> bastion = topology.bastionFor(h);
        if (bastion.isPresent()) {
            Bastion b = bastion.get();
            host = host.withBastion(credentials(Host.of(h.name() + "-bastion", b.address(), b.user()).withPort(b.port()),
                    b.password(), b.privateKeyPath(), Secret.of("")));
        }
        return host;
    }

    /**
     * Every secret of the config (host, bastion and registry passwords, passphrases, ...): masked
     * wherever they would appear. Found by walking the config's records, so a secret field added
     * to the api later is masked without anyone remembering to list it here.
     */
    public static List<Secret> secrets(Topology topology) {
        List<Secret> secrets = new ArrayList<>();
        collect(topology.spec(), secrets);
        return secrets.stream().filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static void collect(Object value, List<Secret> into) {
        switch (value) {
            case Secret s -> into.add(s);
            case Record r -> {
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        collect(c.getAccessor().invoke(r), into);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
                    }
                }
            }
            case Collection<?> items -> items.forEach(i -> collect(i, into));
            case Map<?, ?> map -> map.values().forEach(v -> collect(v, into));
            case Optional<?> o -> o.ifPresent(v -> collect(v, into));
            case null, default -> { }
        }
    }

    private static Host credentials(Host host, Secret password, String keyPath, Secret passphrase) {
        if (!password.isEmpty()) {
            host = host.withPassword(password);
        }
        if (!keyPath.isEmpty()) {
            Path key = expandHome(keyPath);
            // The default key may not exist when a password is given; only use keys that are there.
            if (password.isEmpty() || key.toFile().exists()) {
                host = passphrase.isEmpty() ? host.withPrivateKey(key) : host.withPrivateKey(key, passphrase);
            }
        }
        return host;
    }

    static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
