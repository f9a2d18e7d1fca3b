package io.kubexm.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM in the forms kubeadm writes: certificates, RSA keys as PKCS#1 ("RSA PRIVATE KEY"),
 * P-256 keys as SEC1 with the curve named ("EC PRIVATE KEY"), public keys as SPKI.
 */
public final class Pem {
    private Pem() {
    }

    public static String encode(X509Certificate cert) {
        try {
            return write(new PemObject("CERTIFICATE", cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
        }
    }

    public static String encode(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (key instanceof ECPrivateKey ec) {
                // The JDK's PKCS#8 leaves the curve out of the inner SEC1 structure; openssl and Go want it named.
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), SECObjectIdentifiers.secp256r1);
                return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            return write(new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + key.getAlgorithm() + " private key", e);
        }
    }

    public static String encode(PublicKey key) {
        return write(new PemObject("PUBLIC KEY", key.getEncoded()));
    }

    public static X509Certificate readCert(String pem) {
        Object o = parse(pem, "certificate");
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("expected a CERTIFICATE block, found " + describe(o));
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readKey(String pem) {
        Object o = parse(pem, "private key");
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (o) {
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                default -> throw new IllegalArgumentException("expected a private key block, found " + describe(o));
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublicKey(String pem) {
        Object o = parse(pem, "public key");
        if (!(o instanceof SubjectPublicKeyInfo info)) {
            throw new IllegalArgumentException("expected a PUBLIC KEY block, found " + describe(o));
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key: " + e.getMessage(), e);
        }
    }

    private static Object parse(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new IllegalArgumentException("no PEM " + what + " found");
            }
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM " + what + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Object o) {
        return o.getClass().getSimpleName();
    }

    private static String write(PemObject object) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
