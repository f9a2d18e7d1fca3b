package io.kubexm.api;

/** Container runtime, with the version and data directory used when the config names none. */
public enum RuntimeType implements YamlEnum {
    CONTAINERD("containerd", "v1.7.27", "/var/lib/containerd", "unix:///run/containerd/containerd.sock"),
    /** Kubernetes dropped dockershim in 1.24: docker is reached through cri-dockerd (see Topology#usesCriDockerd). */
    DOCKER("docker", "v24.0.9", "/var/lib/docker", "unix:///run/cri-dockerd.sock"),
    CRI_O("cri-o", "v1.32.4", "/var/lib/containers/storage", "unix:///var/run/crio/crio.sock"),
    ISULAD("isulad", "v2.1.5", "/var/lib/isulad", "unix:///var/run/isulad.sock");

    private final String yaml;
    private final String defaultVersion;
    private final String defaultDataDir;
    private final String criSocket;

    RuntimeType(String yaml, String defaultVersion, String defaultDataDir, String criSocket) {
        this.yaml = yaml;
        this.defaultVersion = defaultVersion;
        this.defaultDataDir = defaultDataDir;
        this.criSocket = criSocket;
    }

    @Override
    public String yaml() {
        return yaml;
    }

    public String defaultVersion() {
        return defaultVersion;
    }

    public String defaultDataDir() {
        return defaultDataDir;
    }

    /** The CRI endpoint kubelet and kubeadm talk to. */
    public String criSocket() {
        return criSocket;
    }
}
