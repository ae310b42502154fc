package org.lienthong.connector.edxml.signature;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a sending agency's signature is checked against.
 *
 * <p>A signer is trusted for {@link #agencyCode()} when its certificate is one of the
 * {@link #registeredCertificates()} (pinned: the registry names the agency's PEM files), or when it chains to one
 * of the {@link #trustedCas()} <em>and</em> its subject names the agency code (an attribute value of the subject DN
 * equal to the code, e.g. {@code O=000.00.00.G22}) — a CA vouches for who a certificate belongs to, not for which
 * agency may send what, so a CA-issued certificate of another agency is refused. Validity dates are checked
 * against {@link #clock()} at verification time; the {@link #crls()}, when given, are checked for every
 * certificate whose issuer published one (a stale or unverifiable CRL refuses rather than passes).
 *
 * @param agencyCode             the sender's agency code (mã định danh), used in refusals and to bind CA-issued
 *                               certificates to the sender
 * @param registeredCertificates the sender's own signing certificates; may be empty when {@code trustedCas} is not
 * @param trustedCas             trust anchors (the trust store); may be empty
 * @param crls                   revocation lists to check; may be empty
 * @param allowUnsigned          accept a package that carries no signature at all (a present signature must
 *                               still verify)
 * @param allowRsaSha1           accept rsa-sha1 signatures and sha1 digests (legacy senders only; never MD5) and
 *                               1024-bit RSA keys
 * @param clock                  the time certificates and CRLs are checked at
 */
public record SignaturePolicy(
        String agencyCode,
        List<X509Certificate> registeredCertificates,
        List<X509Certificate> trustedCas,
        List<X509CRL> crls,
        boolean allowUnsigned,
        boolean allowRsaSha1,
        Clock clock) {

    public SignaturePolicy {
        Objects.requireNonNull(agencyCode, "agencyCode");
        registeredCertificates = List.copyOf(registeredCertificates);
        trustedCas = List.copyOf(trustedCas);
        crls = List.copyOf(crls);
        Objects.requireNonNull(clock, "clock");
    }

    /** A policy for the given sender, built up step by step; by default nothing is trusted. */
    public static Builder forAgency(String agencyCode) {
        return new Builder(agencyCode);
    }

    /** Builds a {@link SignaturePolicy}; the defaults refuse everything (no certificates, no unsigned, no sha1). */
    public static final class Builder {
        private final String agencyCode;
        private final List<X509Certificate> registered = new ArrayList<>();
        private final List<X509Certificate> cas = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();
        private boolean allowUnsigned;
        private boolean allowRsaSha1;
        private Clock clock = Clock.systemUTC();

        private Builder(String agencyCode) {
            this.agencyCode = Objects.requireNonNull(agencyCode, "agencyCode");
        }

        public Builder registeredCertificates(Collection<X509Certificate> certificates) {
            registered.addAll(certificates);
            return this;
        }

        public Builder registeredCertificates(X509Certificate... certificates) {
            return registeredCertificates(Arrays.asList(certificates));
        }

        public Builder trustedCas(Collection<X509Certificate> certificates) {
            cas.addAll(certificates);
            return this;
        }

        public Builder trustedCas(X509Certificate... certificates) {
            return trustedCas(Arrays.asList(certificates));
        }

        /** Adds every trusted certificate entry of a trust store (JKS or PKCS#12 of CA certificates). */
        public Builder trustStore(KeyStore trustStore) throws KeyStoreException {
            for (String alias : Collections.list(trustStore.aliases())) {
                if (trustStore.isCertificateEntry(alias)) {
                    Certificate certificate = trustStore.getCertificate(alias);
                    if (certificate instanceof X509Certificate x509) {
                        cas.add(x509);
                    }
                }
            }
            return this;
        }

        public Builder crls(Collection<X509CRL> revocationLists) {
            crls.addAll(revocationLists);
            return this;
        }

        public Builder crls(X509CRL... revocationLists) {
            return crls(Arrays.asList(revocationLists));
        }

        public Builder allowUnsigned(boolean allow) {
            this.allowUnsigned = allow;
            return this;
        }

        public Builder allowRsaSha1(boolean allow) {
            this.allowRsaSha1 = allow;
            return this;
        }

        public Builder clock(Clock at) {
            this.clock = Objects.requireNonNull(at, "clock");
            return this;
        }

        public SignaturePolicy build() {
            return new SignaturePolicy(agencyCode, registered, cas, crls, allowUnsigned, allowRsaSha1, clock);
        }
    }
}
