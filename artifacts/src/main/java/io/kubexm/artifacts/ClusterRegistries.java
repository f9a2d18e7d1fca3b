package io.kubexm.artifacts;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.RegistrySpec;
import io.kubexm.api.Topology;
import io.kubexm.artifacts.oci.RegistryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registry access as a cluster config describes it: {@code registry.auths} per host
 * ({@code plainHTTP} for http, {@code insecureSkipVerify} for unverified TLS, {@code caFile}
 * for a private CA), and the private registry the cluster installs from.
 */
public final class ClusterRegistries {
    private ClusterRegistries() {
    }

    public static Map<String, RegistryConfig> auths(ClusterConfig config) {
        Map<String, RegistryConfig> out = new HashMap<>();
        config.spec().registry().auths().forEach((host, a) -> out.put(host, of(host, a, Optional.empty(), false)));
        return out;
    }

    /** The private registry images are pushed to, if the config has one. */
    public static Optional<RegistryConfig> privateRegistry(ClusterConfig config) {
        return Topology.of(config).registryEndpoint().map(host -> {
            RegistrySpec r = config.spec().registry();
            RegistrySpec.Auth a = r.auths().get(host);
            if (a != null) {
                return of(host, a, nonEmpty(r.tls().caFile()), r.insecure());
            }
            return new RegistryConfig(host, false, nonEmpty(r.tls().caFile()), r.insecure(), Optional.empty(),
                    Optional.empty());
        });
    }

    private static RegistryConfig of(String host, RegistrySpec.Auth a, Optional<Path> defaultCa, boolean insecure) {
        Optional<Path> ca = nonEmpty(a.caFile()).or(() -> defaultCa);
        return new RegistryConfig(host, a.plainHTTP(), ca, a.insecureSkipVerify() || insecure,
                Optional.of(a.username()).filter(u -> !u.isEmpty()),
                Optional.of(a.password()).filter(p -> !p.isEmpty()));
    }

    private static Optional<Path> nonEmpty(String path) {
        return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    }
}
