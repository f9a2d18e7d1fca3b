package io.kubexm.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;

/** The key algorithms a cluster may choose (`kubernetes.certificates.keyAlgorithm`). */
public enum KeyAlgorithm {
    RSA_2048("rsa2048", "SHA256withRSA"),
    ECDSA_P256("ecdsa-p256", "SHA256withECDSA");

    private final String configName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String configName, String signatureAlgorithm) {
        this.configName = configName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public String configName() {
        return configName;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Parses the config spelling (`rsa2048`, `ecdsa-p256`). */
    public static KeyAlgorithm fromConfig(String name) {
        return Arrays.stream(values())
                .filter(a -> a.configName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown key algorithm '" + name + "': use rsa2048 or ecdsa-p256"));
    }

    /** The algorithm of an existing key, so a changed `keyAlgorithm` re-issues. */
    static KeyAlgorithm of(String jcaKeyAlgorithm) {
        return switch (jcaKeyAlgorithm) {
            case "RSA" -> RSA_2048;
            case "EC", "ECDSA" -> ECDSA_P256;
            default -> throw new IllegalArgumentException("unsupported key type " + jcaKeyAlgorithm);
        };
    }

    /** A fresh key pair; the JDK providers are the fastest here (RSA prime search dominates). */
    public KeyPair generate() {
        try {
            return switch (this) {
                case RSA_2048 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    yield g.generateKeyPair();
                }
                case ECDSA_P256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    yield g.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + configName + " key: " + e.getMessage(), e);
        }
    }
}
