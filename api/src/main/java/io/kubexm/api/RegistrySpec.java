package io.kubexm.api;

import io.kubexm.util.Secret;
import java.util.Map;

/** {@code spec.registry}: where images come from during install. */
public record RegistrySpec(
        RegistryType type,
        String privateRegistry,
        String namespaceOverride,
        boolean insecure,
        String dataDir,
        @Range(min = 1, max = 65535, hint = "the registry's usual port is 5000") int port,
        TlsFiles tls,
        Map<String, Auth> auths,
        Harbor harbor) {

    public record TlsFiles(String caFile, String certFile, String keyFile) {
        static TlsFiles defaults() {
            return new TlsFiles("", "", "");
        }
    }

    /** Credentials and TLS settings for one registry host. */
    public record Auth(String username, Secret password, String caFile, String certFile, String keyFile,
            boolean insecureSkipVerify, boolean plainHTTP) {
        static Auth defaults() {
            return new Auth("", Secret.of(""), "", "", "", false, false);
        }
    }

    public record Harbor(String version, Secret adminPassword) {
        static Harbor defaults() {
            return new Harbor("v2.10.2", Secret.of(""));
        }
    }

    static RegistrySpec defaults() {
        return new RegistrySpec(RegistryType.REGISTRY, "", "", false, "/var/lib/registry", 5000, TlsFiles.defaults(),
                Map.of(), Harbor.defaults());
    }
}
