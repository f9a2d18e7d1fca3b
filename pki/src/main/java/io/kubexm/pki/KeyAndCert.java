package io.kubexm.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate with its private key. toString never shows the key. */
public record KeyAndCert(X509Certificate cert, PrivateKey key) {

    public String certPem() {
        return Pem.encode(cert);
    }

    public String keyPem() {
        return Pem.encode(key);
    }

    @Override
    public String toString() {
        return "KeyAndCert[" + cert.getSubjectX500Principal().getName() + ", key=****]";
    }
}
