package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PkiTest {
    private final Pki pki = new Pki(Clock.systemUTC());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void opensslVerifiesALeafAndReadsItsKey(KeyAlgorithm alg) throws Exception {
        KeyAndCert ca = pki.newCa("etcd-ca", 3650, alg);
        CertRequest req = new CertRequest("node1", List.of(), Set.of("node1", "localhost"),
                Set.of("10.0.0.1", "127.0.0.1", "::1"), Set.of(Usage.SERVER, Usage.CLIENT), 365, alg);
        KeyAndCert leaf = pki.issue(ca, req);
        Path caFile = write("ca.pem", ca.certPem());
        Path leafFile = write("leaf.pem", leaf.certPem());
        Path keyFile = write("leaf-key.pem", leaf.keyPem());

        assertThat(run("openssl", "verify", "-CAfile", caFile.toString(), leafFile.toString())).contains(": OK");
        String text = run("openssl", "x509", "-noout", "-text", "-in", leafFile.toString());
        assertThat(text).contains("DNS:localhost", "DNS:node1", "IP Address:10.0.0.1", "IP Address:127.0.0.1",
                "IP Address:0:0:0:0:0:0:0:1", "TLS Web Server Authentication", "TLS Web Client Authentication",
                "CA:FALSE");
        // openssl must read the key as written (PKCS#1 / SEC1 with the named curve) and find it matching.
        String keyPub = run("openssl", "pkey", "-in", keyFile.toString(), "-pubout");
        String certPub = run("openssl", "x509", "-noout", "-pubkey", "-in", leafFile.toString());
        assertThat(keyPub).isEqualTo(certPub);
        assertThat(Files.readString(keyFile)).startsWith(alg == KeyAlgorithm.RSA2048
                ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void anExistingLeafIsKeptUntilItsSubjectSansCaOrAlgorithmChange() {
        KeyAndCert ca = pki.newCa("kubernetes", 3650, KeyAlgorithm.ECDSA_P256);
        CertRequest req = new CertRequest("kube-apiserver", List.of(), Set.of("kubernetes"),
                Set.of("10.233.0.1"), Set.of(Usage.SERVER), 365, KeyAlgorithm.ECDSA_P256);
        KeyAndCert leaf = pki.issue(ca, req);
        KeyAndCert reread = new KeyAndCert(Pem.readCert(leaf.certPem()), Pem.readKey(leaf.keyPem()));

        assertThat(pki.satisfies(reread, ca, req)).isTrue();
        assertThat(reread.keyPem()).isEqualTo(leaf.keyPem());
        assertThat(pki.satisfies(reread, ca, new CertRequest("kube-apiserver", List.of(), Set.of("kubernetes"),
                Set.of("10.233.0.1", "10.0.0.9"), Set.of(Usage.SERVER), 365, KeyAlgorithm.ECDSA_P256))).isFalse();
        assertThat(pki.satisfies(reread, ca, new CertRequest("kube-apiserver", List.of("x"), Set.of("kubernetes"),
                Set.of("10.233.0.1"), Set.of(Usage.SERVER), 365, KeyAlgorithm.ECDSA_P256))).isFalse();
        assertThat(pki.satisfies(reread, ca, new CertRequest("kube-apiserver", List.of(), Set.of("kubernetes"),
                Set.of("10.233.0.1"), Set.of(Usage.SERVER), 365, KeyAlgorithm.RSA2048))).isFalse();
        assertThat(pki.satisfies(reread, pki.newCa("kubernetes", 3650, KeyAlgorithm.ECDSA_P256), req)).isFalse();
        KeyAndCert foreignKey = new KeyAndCert(leaf.cert(), Keys.generate(KeyAlgorithm.ECDSA_P256).getPrivate());
        assertThat(pki.satisfies(foreignKey, ca, req)).isFalse();
        // Validity is not part of the identity: a changed validityDays alone keeps the certificate.
        assertThat(pki.satisfies(reread, ca, new CertRequest("kube-apiserver", List.of(), Set.of("kubernetes"),
                Set.of("10.233.0.1"), Set.of(Usage.SERVER), 3650, KeyAlgorithm.ECDSA_P256))).isTrue();
    }

    @Test
    void aCaIsCreatedOnceWithAPrivateKeyAndReusedAfterwards() throws IOException {
        CaFiles files = new CaFiles(dir.resolve("pki/ca.crt"), dir.resolve("pki/ca.key"));
        KeyAndCert first = files.loadOrCreate(pki, "kubernetes", 3650, KeyAlgorithm.RSA2048);
        String certBytes = Files.readString(files.certFile());
        KeyAndCert second = files.loadOrCreate(pki, "kubernetes", 3650, KeyAlgorithm.RSA2048);

        assertThat(second.cert()).isEqualTo(first.cert());
        assertThat(Files.readString(files.certFile())).isEqualTo(certBytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile()))).isEqualTo("rw-------");
        assertThat(second.toString()).doesNotContain("PRIVATE");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", cmd), out).isZero();
        return out;
    }
}
