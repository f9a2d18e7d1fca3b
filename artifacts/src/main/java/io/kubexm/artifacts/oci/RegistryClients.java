package io.kubexm.artifacts.oci;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One client per registry host: configured ones as given, any other anonymous over TLS. */
public final class RegistryClients {
    private final Map<String, RegistryConfig> configured;
    private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

    public RegistryClients(Map<String, RegistryConfig> configured) {
        this.configured = Map.copyOf(configured);
    }

    public RegistryClient forImage(ImageReference ref) {
        return clients.computeIfAbsent(ref.apiHost(), host -> {
            RegistryConfig c = configured.getOrDefault(host, configured.getOrDefault(ref.registry(),
                    RegistryConfig.anonymous(host)));
            // Credentials given for docker.io apply to its API host, registry-1.docker.io.
            return new RegistryClient(new RegistryConfig(host, c.plainHttp(), c.caFile(), c.insecureSkipVerify(),
                    c.username(), c.password()));
        });
    }
}
