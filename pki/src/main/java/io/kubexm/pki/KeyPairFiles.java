package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * A bare key pair kept as a 0600 private key file and a public key file, like the service-account
 * signing key (sa.key / sa.pub): its own key, never a CA's. Reused as it is once it exists.
 */
public record KeyPairFiles(Path keyFile, Path publicFile) {

    public KeyPair loadOrCreate(KeyAlgorithm algorithm) {
        if (Files.exists(keyFile) && Files.exists(publicFile)) {
            try {
                KeyPair pair = new KeyPair(Pem.readPublicKey(Files.readString(publicFile)),
                        Pem.readKey(Files.readString(keyFile)));
                if (!Pki.keyMatches(pair.getPrivate(), pair.getPublic())) {
                    throw new IllegalStateException(publicFile + " is not the public half of " + keyFile
                            + "; restore the matching pair, or remove both to create a new one");
                }
                return pair;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + keyFile + ": " + e.getMessage(), e);
            }
        }
        if (Files.exists(keyFile) || Files.exists(publicFile)) {
            throw new IllegalStateException("found only one of " + keyFile + " and " + publicFile
                    + "; restore the other, or remove both to create a new key pair");
        }
        KeyPair pair = Keys.generate(algorithm);
        SecretFiles.write(keyFile, Pem.encode(pair.getPrivate()), true);
        SecretFiles.write(publicFile, Pem.encode(pair.getPublic()), false);
        return pair;
    }
}
