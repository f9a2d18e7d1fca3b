package io.kubexm.api;

import io.kubexm.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Kubernetes versions kubexm supports, from {@code supported-versions.properties}. */
public record SupportedVersions(Version minKubernetes, Version maxKubernetes, Version dockershimRemoved) {

    public static SupportedVersions load() {
        Properties p = new Properties();
        try (InputStream in = SupportedVersions.class.getResourceAsStream("supported-versions.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SupportedVersions(version(p, "kubernetes.min"), version(p, "kubernetes.max"),
                version(p, "kubernetes.dockershimRemoved"));
    }

    /** Whether the version's minor lies in the supported range (any patch). */
    public boolean supportsKubernetes(Version v) {
        return v.compareMinor(minKubernetes) >= 0 && v.compareMinor(maxKubernetes) <= 0;
    }

    public String kubernetesRange() {
        return "v" + minKubernetes.major() + "." + minKubernetes.minor() + " to v" + maxKubernetes.major() + "."
                + maxKubernetes.minor();
    }

    private static Version version(Properties p, String key) {
        String text = p.getProperty(key);
        return Version.parse(text == null ? "" : text)
                .orElseThrow(() -> new IllegalStateException("supported-versions.properties: bad " + key));
    }
}
