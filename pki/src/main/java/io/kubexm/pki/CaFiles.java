package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A CA kept as a certificate file and a 0600 key file on the control node. An existing pair is
 * reused as it is while it lasts as long as asked and is not due for renewal; otherwise its
 * certificate is renewed with the same key (what it signed stays valid). A missing one is created.
 */
public record CaFiles(Path certFile, Path keyFile) {

    public KeyAndCert loadOrCreate(Pki pki, String commonName, int validityDays, KeyAlgorithm algorithm) {
        boolean hasCert = Files.exists(certFile);
        boolean hasKey = Files.exists(keyFile);
        if (hasCert && hasKey) {
            KeyAndCert ca = load();
            if (pki.current(ca.cert(), validityDays, Instant.MAX)) {
                return ca;
            }
            KeyAndCert renewed = pki.renewCa(ca, validityDays);
            SecretFiles.write(certFile, renewed.certPem(), false);
            return renewed;
        }
        if (hasCert || hasKey) {
            throw new IllegalStateException("CA " + commonName + ": found " + (hasCert ? certFile : keyFile)
                    + " but not " + (hasCert ? keyFile : certFile)
                    + "; restore the missing file, or remove both to create a new CA (every certificate it signed is then re-issued)");
        }
        KeyAndCert ca = pki.newCa(commonName, validityDays, algorithm);
        SecretFiles.write(keyFile, ca.keyPem(), true);
        SecretFiles.write(certFile, ca.certPem(), false);
        return ca;
    }

    public KeyAndCert load() {
        try {
            KeyAndCert ca = new KeyAndCert(
                    Pem.readCert(Files.readString(certFile)), Pem.readKey(Files.readString(keyFile)));
            if (!Pki.keyMatches(ca.key(), ca.cert().getPublicKey())) {
                throw new IllegalStateException("CA key " + keyFile + " does not belong to " + certFile
                        + "; put the matching pair back");
            }
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CA " + certFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CA " + certFile + " / " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
