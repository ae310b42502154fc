package org.lienthong.connector.edxml.signature;

import java.security.cert.X509Certificate;

/** Why a package is refused, raised anywhere in verification and turned into a {@link SignatureVerdict} once. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient X509Certificate signer;
    private final boolean malformed;

    private Refusal(String reason, X509Certificate signer, boolean malformed) {
        super(reason, null, false, false);
        this.signer = signer;
        this.malformed = malformed;
    }

    static Refusal invalid(String reason) {
        return new Refusal(reason, null, false);
    }

    static Refusal invalid(X509Certificate signer, String reason) {
        return new Refusal(reason, signer, false);
    }

    static Refusal malformed(String reason) {
        return new Refusal(reason, null, true);
    }

    SignatureVerdict verdict() {
        return malformed ? SignatureVerdict.malformed(getMessage()) : SignatureVerdict.invalid(signer, getMessage());
    }
}
