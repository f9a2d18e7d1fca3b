package io.kubexm.artifacts.oci;

import io.kubexm.util.Secret;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach one registry: plain HTTP or TLS (verified against the system trust, a CA
 * file, or not at all), and optional credentials, used for Basic auth or to obtain a
 * bearer token.
 */
public record RegistryConfig(String host, boolean plainHttp, Optional<Path> caFile, boolean insecureSkipVerify,
                             Optional<String> username, Optional<Secret> password) {

    public static RegistryConfig anonymous(String host) {
        return new RegistryConfig(host, false, Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    public String baseUrl() {
        return (plainHttp ? "http://" : "https://") + host;
    }
}
