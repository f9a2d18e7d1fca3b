package io.kubexm.api;

/** Key algorithm of generated certificates. */
public enum KeyAlgorithm implements YamlEnum {
    RSA2048("rsa2048"),
    ECDSA_P256("ecdsa-p256");

    private final String yaml;

    KeyAlgorithm(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }
}
