package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import io.kubexm.util.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creates CAs and issues leaf certificates in-process; decides whether an existing one still fits. */
public final class Pki {
    /** Backdating covers small clock differences between the control node and the nodes. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    /** A certificate is renewed this long before it expires, or at 1/10 of its lifetime if that is shorter. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Tolerance when comparing an existing certificate's lifetime with the requested one. */
    private static final Duration SLACK = Duration.ofMinutes(1);
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Pki(Clock clock) {
        this.clock = clock;
    }

    /** A self-signed CA, like kubeadm's: CA:TRUE, keyCertSign, digitalSignature, keyEncipherment. */
    public KeyAndCert newCa(String commonName, int validityDays, KeyAlgorithm algorithm) {
        return newCa(commonName, validityDays, Keys.generate(algorithm));
    }

    /**
     * The CA again with a new lifetime and the same key and subject: every certificate it signed
     * still verifies against the new one, so renewing a CA re-issues nothing by itself.
     */
    public KeyAndCert renewCa(KeyAndCert ca, int validityDays) {
        String commonName = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded())
                .getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
        return newCa(commonName, validityDays, new KeyPair(ca.cert().getPublicKey(), ca.key()));
    }

    private KeyAndCert newCa(String commonName, int validityDays, KeyPair pair) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant notBefore = clock.instant().minus(BACKDATE);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore),
                    Date.from(notBefore.plus(Duration.ofDays(validityDays))), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new KeyAndCert(sign(b, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create CA " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** Issues a leaf with a fresh key of the requested algorithm. */
    public KeyAndCert issue(KeyAndCert ca, CertRequest request) {
        return issue(ca, request, Keys.generate(request.algorithm()));
    }

    public KeyAndCert issue(KeyAndCert ca, CertRequest request, KeyPair pair) {
        Instant notBefore = clock.instant().minus(BACKDATE);
        Instant notAfter = notBefore.plus(Duration.ofDays(request.validityDays()));
        // A leaf never outlives its CA: a verifier would reject the chain from that day anyway.
        Instant caNotAfter = ca.cert().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        int keyUsage = KeyUsage.digitalSignature
                | (pair.getPublic() instanceof RSAPublicKey ? KeyUsage.keyEncipherment : 0);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    ca.cert(), serial(), Date.from(notBefore), Date.from(notAfter), subject(request), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes(request.usages())))
                    // Key identifier only, as Go writes it: issuer and serial in it would tie the leaf
                    // to one CA certificate and break it when the CA is renewed with the same key.
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.cert().getPublicKey()));
            List<GeneralName> sans = new ArrayList<>();
            request.dnsNames().stream().sorted().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            request.ipAddresses().stream().sorted().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new KeyAndCert(sign(b, ca.key()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate " + request.commonName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether an existing certificate can stay: signed by this CA, same subject, SANs, usages and key
     * algorithm, its key belongs to it, it lasts as long as asked (up to its CA's end) and is not
     * due for renewal. Anything else is re-issued.
     */
    public boolean satisfies(KeyAndCert existing, KeyAndCert ca, CertRequest request) {
        X509Certificate cert = existing.cert();
        try {
            cert.verify(ca.cert().getPublicKey());
            return current(cert, request.validityDays(), ca.cert().getNotAfter().toInstant())
                    && subject(request).equals(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()))
                    && Keys.of(cert.getPublicKey().getAlgorithm()) == request.algorithm()
                    && usages(cert).equals(request.usages())
                    && sans(cert, GeneralName.dNSName).equals(new TreeSet<>(request.dnsNames()))
                    && sans(cert, GeneralName.iPAddress).equals(normalizedIps(request.ipAddresses()))
                    && keyMatches(existing.key(), cert.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether a certificate lasts the requested days from its start (or ends with its CA at
     * {@code latest}, as {@link #issue} caps it) and is neither expired nor within its renewal window.
     */
    public boolean current(X509Certificate cert, int validityDays, Instant latest) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant wanted = notBefore.plus(Duration.ofDays(validityDays));
        if (wanted.isAfter(latest)) {
            wanted = latest;
        }
        if (Duration.between(wanted, notAfter).abs().compareTo(SLACK) > 0) {
            return false;
        }
        Duration tenth = Duration.between(notBefore, notAfter).dividedBy(10);
        Duration renewBefore = tenth.compareTo(RENEW_BEFORE) < 0 ? tenth : RENEW_BEFORE;
        Instant now = clock.instant();
        return !now.isBefore(notBefore) && now.plus(renewBefore).isBefore(notAfter);
    }

    /** Whether a private key belongs to a public key (a key file to its certificate). */
    public static boolean keyMatches(PrivateKey key, PublicKey pub) {
        if (key instanceof RSAPrivateCrtKey rsa && pub instanceof RSAPublicKey rp) {
            return rsa.getModulus().equals(rp.getModulus()) && rsa.getPublicExponent().equals(rp.getPublicExponent());
        }
        if (key instanceof ECPrivateKey ec && pub instanceof ECPublicKey ep) {
            // The SEC1 file carries no public point: derive it (fixed-base comb, fast) and compare.
            ECPoint q = new FixedPointCombMultiplier().multiply(P256.getG(), ec.getS()).normalize();
            return q.getAffineXCoord().toBigInteger().equals(ep.getW().getAffineX())
                    && q.getAffineYCoord().toBigInteger().equals(ep.getW().getAffineY());
        }
        return false;
    }

    /** Go's pkix.Name order, as kubeadm writes it: O before CN. */
    private static X500Name subject(CertRequest request) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        request.organizations().forEach(o -> b.addRDN(BCStyle.O, o));
        return b.addRDN(BCStyle.CN, request.commonName()).build();
    }

    private static KeyPurposeId[] purposes(Set<Usage> usages) {
        return usages.stream().sorted()
                .map(u -> u == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth)
                .toArray(KeyPurposeId[]::new);
    }

    private static Set<Usage> usages(X509Certificate cert) throws CertificateParsingException {
        Set<Usage> out = new HashSet<>();
        List<String> eku = cert.getExtendedKeyUsage();
        if (eku != null) {
            if (eku.contains(KeyPurposeId.id_kp_serverAuth.getId())) {
                out.add(Usage.SERVER);
            }
            if (eku.contains(KeyPurposeId.id_kp_clientAuth.getId())) {
                out.add(Usage.CLIENT);
            }
        }
        return out;
    }

    private static Set<String> sans(X509Certificate cert, int type) throws CertificateParsingException {
        Set<String> out = new TreeSet<>();
        Collection<List<?>> all = cert.getSubjectAlternativeNames();
        if (all != null) {
            for (List<?> san : all) {
                if ((Integer) san.get(0) == type) {
                    String value = (String) san.get(1);
                    out.add(type == GeneralName.iPAddress ? normalizedIp(value) : value);
                }
            }
        }
        return out;
    }

    private static Set<String> normalizedIps(Set<String> ips) {
        Set<String> out = new TreeSet<>();
        ips.forEach(ip -> out.add(normalizedIp(ip)));
        return out;
    }

    /** One spelling per address (`::1` and `0:0:0:0:0:0:0:1` are the same SAN); never a name lookup. */
    private static String normalizedIp(String ip) {
        return IpAddresses.parse(ip).map(InetAddress::getHostAddress)
                .orElseThrow(() -> new IllegalArgumentException("'" + ip + "' is not an IP address"));
    }

    private BigInteger serial() {
        // Positive and below 2^63, as Go's crypto/x509 users (kubeadm) generate them.
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws CertificateException {
        try {
            var contentSigner = new JcaContentSignerBuilder(
                    Keys.signatureAlgorithm(signer.getAlgorithm())).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new CertificateException("cannot sign: " + e.getMessage(), e);
        }
    }
}
