package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key generation and signature choice for the configured {@link KeyAlgorithm}. */
public final class Keys {
    private Keys() {
    }

    /** A fresh key pair; the JDK providers are the fastest here (RSA prime search dominates a build). */
    public static KeyPair generate(KeyAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case RSA2048 -> {
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
            throw new IllegalStateException("cannot generate a " + algorithm.yaml() + " key: " + e.getMessage(), e);
        }
    }

    /** The algorithm of an existing key (JCA name "RSA" or "EC"), so a changed `keyAlgorithm` re-issues. */
    static KeyAlgorithm of(String jcaKeyAlgorithm) {
        return switch (jcaKeyAlgorithm) {
            case "RSA" -> KeyAlgorithm.RSA2048;
            case "EC", "ECDSA" -> KeyAlgorithm.ECDSA_P256;
            default -> throw new IllegalArgumentException("unsupported key type " + jcaKeyAlgorithm);
        };
    }

    /** SHA-256 with the signer's own algorithm, as kubeadm signs. */
    static String signatureAlgorithm(String jcaKeyAlgorithm) {
        return of(jcaKeyAlgorithm) == KeyAlgorithm.RSA2048 ? "SHA256withRSA" : "SHA256withECDSA";
    }
}
