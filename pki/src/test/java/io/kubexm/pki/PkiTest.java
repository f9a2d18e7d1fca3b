package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
        // A changed validityDays re-issues.
        assertThat(pki.satisfies(reread, ca, new CertRequest("kube-apiserver", List.of(), Set.of("kubernetes"),
                Set.of("10.233.0.1"), Set.of(Usage.SERVER), 3650, KeyAlgorithm.ECDSA_P256))).isFalse();
    }

    @Test
    void aLeafIsRenewedThirtyDaysBeforeItExpiresOrAtATenthOfAShortLifetime() {
        Instant now = Instant.now();
        KeyAndCert ca = pki.newCa("kubernetes", 3650, KeyAlgorithm.ECDSA_P256);
        CertRequest year = CertRequest.client("kubernetes-admin", List.of(), 365, KeyAlgorithm.ECDSA_P256);
        CertRequest tenDays = CertRequest.client("kubernetes-admin", List.of(), 10, KeyAlgorithm.ECDSA_P256);
        KeyAndCert leaf = pki.issue(ca, year);
        KeyAndCert shortLeaf = pki.issue(ca, tenDays);

        assertThat(at(now.plus(Duration.ofDays(330))).satisfies(leaf, ca, year)).isTrue();
        assertThat(at(now.plus(Duration.ofDays(336))).satisfies(leaf, ca, year)).as("within 30 days").isFalse();
        assertThat(at(now.plus(Duration.ofDays(8))).satisfies(shortLeaf, ca, tenDays)).isTrue();
        assertThat(at(now.plus(Duration.ofDays(9))).satisfies(shortLeaf, ca, tenDays)).as("within a day").isFalse();
    }

    @Test
    void aCaWithAnotherLifetimeOrCloseToItsEndIsRenewedWithItsKeyAndItsLeavesStillVerify() throws Exception {
        CaFiles files = new CaFiles(dir.resolve("pki/ca.crt"), dir.resolve("pki/ca.key"));
        KeyAndCert ca = files.loadOrCreate(pki, "kubernetes", 3650, KeyAlgorithm.RSA2048);
        KeyAndCert leaf = pki.issue(ca, CertRequest.client("kubernetes-admin", List.of(), 365, KeyAlgorithm.RSA2048));
        String keyBytes = Files.readString(files.keyFile());

        KeyAndCert longer = files.loadOrCreate(pki, "kubernetes", 7300, KeyAlgorithm.RSA2048);
        assertThat(longer.cert()).isNotEqualTo(ca.cert());
        assertThat(Files.readString(files.keyFile())).isEqualTo(keyBytes);
        Path caFile = files.certFile();
        assertThat(run("openssl", "x509", "-noout", "-subject", "-enddate", "-in", caFile.toString()))
                .contains("CN = kubernetes", "notAfter=" + openssslDate(longer.cert().getNotAfter().toInstant()));
        assertThat(run("openssl", "verify", "-CAfile", caFile.toString(), write("leaf.pem", leaf.certPem()).toString()))
                .contains(": OK");
        assertThat(files.loadOrCreate(pki, "kubernetes", 7300, KeyAlgorithm.RSA2048).cert()).isEqualTo(longer.cert());

        // 20 days before its end a 7300-day CA is due: renewed for the same lifetime, from now.
        Pki later = at(longer.cert().getNotAfter().toInstant().minus(Duration.ofDays(20)));
        KeyAndCert renewed = files.loadOrCreate(later, "kubernetes", 7300, KeyAlgorithm.RSA2048);
        assertThat(renewed.cert().getNotAfter()).isAfter(longer.cert().getNotAfter());
        assertThat(Pki.keyMatches(renewed.key(), longer.cert().getPublicKey())).isTrue();
    }

    private static Pki at(Instant instant) {
        return new Pki(Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static String openssslDate(Instant t) {
        return DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.US).withZone(ZoneOffset.UTC).format(t);
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
