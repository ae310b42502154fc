package org.lienthong.connector.edxml.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether the certificate that made a signature may sign for the sender: registered (pinned) or chaining
 * to a trusted CA and naming the agency; inside its validity dates at the policy's clock; not revoked by a
 * configured CRL; a signing key of acceptable strength.
 */
final class SignerTrust {

    private static final int MAX_PATH_LENGTH = 5;

    private SignerTrust() {
    }

    /** Returns how the signer was trusted, for the verdict; refuses otherwise. */
    static String establish(X509Certificate signer, List<X509Certificate> keyInfoCertificates, SignaturePolicy policy)
            throws Refusal {
        Instant now = policy.clock().instant();
        checkKeyStrength(signer, policy);
        boolean registered = policy.registeredCertificates().contains(signer);
        if (!registered && (policy.trustedCas().isEmpty() || !namesAgency(signer, policy.agencyCode()))) {
            throw Refusal.invalid(signer, "signer is not registered for " + policy.agencyCode());
        }
        checkValidity(signer, signer, "signer certificate", now);
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && !keyUsage[0] && !keyUsage[1]) {
            throw Refusal.invalid(signer, "signer certificate is not for digital signatures (key usage)");
        }

        List<X509Certificate> revocable = new ArrayList<>();
        List<X509Certificate> issuers = new ArrayList<>();
        String how;
        if (registered) {
            revocable.add(signer);
            issuers.add(knownIssuer(signer, policy));
            how = "registered certificate of " + policy.agencyCode();
        } else {
            PKIXCertPathBuilderResult path = buildPath(signer, keyInfoCertificates, policy, now);
            X509Certificate anchor = path.getTrustAnchor().getTrustedCert();
            checkValidity(signer, anchor, "trusted CA certificate " + anchor.getSubjectX500Principal().getName(), now);
            @SuppressWarnings("unchecked")
            List<X509Certificate> chain = (List<X509Certificate>) path.getCertPath().getCertificates();
            for (int i = 0; i < chain.size(); i++) {
                revocable.add(chain.get(i));
                issuers.add(i + 1 < chain.size() ? chain.get(i + 1) : anchor);
            }
            how = "certificate of " + policy.agencyCode() + " issued under trusted CA " + anchor.getSubjectX500Principal().getName();
        }
        if (!policy.crls().isEmpty()) {
            for (int i = 0; i < revocable.size(); i++) {
                checkRevocation(signer, revocable.get(i), issuers.get(i), i == 0 ? "signer certificate" : "CA certificate "
                        + revocable.get(i).getSubjectX500Principal().getName(), policy, now);
            }
        }
        return "signed by " + signer.getSubjectX500Principal().getName() + " (" + how + ")";
    }

    private static void checkKeyStrength(X509Certificate signer, SignaturePolicy policy) throws Refusal {
        PublicKey key = signer.getPublicKey();
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            int minimum = policy.allowRsaSha1() ? 1024 : 2048;
            if (bits < minimum) {
                throw Refusal.invalid(signer, "signer key is too short (" + bits + "-bit RSA, at least " + minimum + " required)");
            }
        } else if (key instanceof ECPublicKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() < 256) {
                throw Refusal.invalid(signer, "signer key is too short (EC keys of at least 256 bits required)");
            }
        } else {
            throw Refusal.invalid(signer, "signer key type " + key.getAlgorithm() + " is not accepted");
        }
    }

    private static void checkValidity(X509Certificate signer, X509Certificate certificate, String what, Instant now)
            throws Refusal {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw Refusal.invalid(signer, what + " expired on " + day(certificate.getNotAfter()));
        } catch (CertificateNotYetValidException e) {
            throw Refusal.invalid(signer, what + " is not valid before " + day(certificate.getNotBefore()));
        }
    }

    /** True when an attribute value of the subject DN (O, OU, CN, UID...) is exactly the agency code. */
    static boolean namesAgency(X509Certificate certificate, String agencyCode) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
                while (attributes.hasMore()) {
                    Attribute attribute = attributes.next();
                    for (int i = 0; i < attribute.size(); i++) {
                        if (agencyCode.equals(String.valueOf(attribute.get(i)))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (NamingException e) {
            return false;
        }
    }

    private static PKIXCertPathBuilderResult buildPath(X509Certificate signer, List<X509Certificate> keyInfoCertificates,
            SignaturePolicy policy, Instant now) throws Refusal {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate ca : policy.trustedCas()) {
            anchors.add(new TrustAnchor(ca, null));
        }
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(signer);
        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setDate(Date.from(now));
            parameters.setRevocationEnabled(false); // CRLs are checked below, only those the policy names
            parameters.setMaxPathLength(MAX_PATH_LENGTH);
            List<X509Certificate> candidates = new ArrayList<>(keyInfoCertificates); // untrusted intermediates
            candidates.add(signer);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException e) {
            throw Refusal.invalid(signer, "signer certificate does not chain to a trusted CA");
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX path building is not available", e);
        }
    }

    /** The issuer of a registered certificate, when the policy knows it (to check its CRL's signature). */
    private static X509Certificate knownIssuer(X509Certificate certificate, SignaturePolicy policy) {
        List<X509Certificate> known = new ArrayList<>(policy.trustedCas());
        known.addAll(policy.registeredCertificates());
        for (X509Certificate candidate : known) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(candidate.getPublicKey());
                    return candidate;
                } catch (GeneralSecurityException e) {
                    // same name, different key: keep looking
                }
            }
        }
        return null;
    }

    private static void checkRevocation(X509Certificate signer, X509Certificate certificate, X509Certificate issuer,
            String what, SignaturePolicy policy, Instant now) throws Refusal {
        for (X509CRL crl : policy.crls()) {
            if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            String crlName = "the CRL of " + crl.getIssuerX500Principal().getName();
            if (issuer == null) {
                throw Refusal.invalid(signer, crlName + " cannot be checked: its issuer's certificate is not configured");
            }
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw Refusal.invalid(signer, crlName + " does not verify with its issuer's key");
            }
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
                throw Refusal.invalid(signer, crlName + " is out of date (its next update was due on " + day(crl.getNextUpdate()) + ")");
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate);
            if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
                throw Refusal.invalid(signer, what + " was revoked on " + day(entry.getRevocationDate()));
            }
        }
    }

    private static String day(Date date) {
        return date.toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
