package org.lienthong.connector.edxml.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI made at test time: a root CA, agency signing certificates issued by it (valid, expired, not yet
 * valid, RSA or EC), self-signed certificates and CRLs. Keys live in memory only; nothing here is ever written to
 * the repository.
 *
 * <p>Agency certificates name the agency code in their subject ({@code O=<code>}), as
 * {@link SignaturePolicy} expects of CA-issued certificates.
 */
public final class TestPki {

    /** A private key and its certificate: what a sending agency signs with. */
    public record Credential(PrivateKey privateKey, X509Certificate certificate) {
        public PublicKey publicKey() {
            return certificate.getPublicKey();
        }
    }

    private final Instant now;
    private final Credential ca;
    private final X500Name caName;
    private final AtomicLong serials = new AtomicLong(1000);

    private TestPki(Instant now, String caName) {
        this.now = now;
        KeyPair keys = rsaKeys();
        X500Name name = new X500Name("CN=" + caName + ", O=Lienthong test PKI, C=VN");
        this.caName = name;
        this.ca = new Credential(keys.getPrivate(), certificate(name, keys.getPublic(), name, keys.getPrivate(),
                now.minus(Duration.ofDays(365)), now.plus(Duration.ofDays(3650)), true));
    }

    /** A new root CA valid from a year before {@code now} to ten years after. */
    public static TestPki create(Instant now) {
        return new TestPki(now, "Lienthong Test Root CA");
    }

    public static TestPki create(Instant now, String caName) {
        return new TestPki(now, caName);
    }

    public Instant now() {
        return now;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public Credential caCredential() {
        return ca;
    }

    /** An RSA 2048 signing certificate for the agency, valid from 30 days before now to a year after. */
    public Credential agency(String agencyCode) {
        return agency(agencyCode, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)));
    }

    public Credential agency(String agencyCode, Instant notBefore, Instant notAfter) {
        return issue(agencyCode, rsaKeys(), notBefore, notAfter);
    }

    /** A TLS server certificate for 127.0.0.1 (subject alternative name), issued by this CA. */
    public Credential tlsServer() {
        KeyPair keys = rsaKeys();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName,
                    BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=127.0.0.1, O=lienthong test"),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                    new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
            return new Credential(keys.getPrivate(),
                    new JcaX509CertificateConverter().getCertificate(builder.build(signer(ca.privateKey()))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test TLS certificate", e);
        }
    }

    /** Expired ten days before now. */
    public Credential expiredAgency(String agencyCode) {
        return agency(agencyCode, now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(10)));
    }

    /** Valid only from ten days after now. */
    public Credential notYetValidAgency(String agencyCode) {
        return agency(agencyCode, now.plus(Duration.ofDays(10)), now.plus(Duration.ofDays(400)));
    }

    /** A P-256 signing certificate for the agency. */
    public Credential ecAgency(String agencyCode) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return issue(agencyCode, generator.generateKeyPair(), now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed RSA signing certificate (the shape of the public sample signer), not issued by this CA. */
    public Credential selfSigned(String agencyCode) {
        KeyPair keys = rsaKeys();
        X500Name name = agencyName(agencyCode);
        return new Credential(keys.getPrivate(), certificate(name, keys.getPublic(), name, keys.getPrivate(),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)), false));
    }

    /** A CRL of this CA revoking the given certificates an hour before now; next update in a week. */
    public X509CRL crl(X509Certificate... revoked) {
        return crl(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)), revoked);
    }

    public X509CRL crl(Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(caName, Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofHours(1))), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(signer(ca.privateKey())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CRL", e);
        }
    }

    /** PEM text of a certificate, as the registry stores it. */
    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Credential issue(String agencyCode, KeyPair keys, Instant notBefore, Instant notAfter) {
        return new Credential(keys.getPrivate(),
                certificate(agencyName(agencyCode), keys.getPublic(), caName, ca.privateKey(), notBefore, notAfter, false));
    }

    private static X500Name agencyName(String agencyCode) {
        return new X500Name("CN=Van thu " + agencyCode + ", O=" + agencyCode + ", C=VN");
    }

    private X509Certificate certificate(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, boolean isCa) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(serials.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject, key);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            builder.addExtension(Extension.keyUsage, true, isCa
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key));
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(key);
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
