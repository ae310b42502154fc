package org.lienthong.connector.edxml.signature;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying one package. {@link #valid()} packages may be stored and delivered; anything else is
 * refused with {@code 422 INVALID_SIGNATURE} ({@link Outcome#MALFORMED}: the package is not acceptable XML at all,
 * which the edge may prefer to answer with {@code 400 INVALID_XML}).
 *
 * @param outcome what happened
 * @param signer  the certificate whose key made the signature, when one was identified (also on some refusals, e.g.
 *                an expired or unregistered signer); {@code null} otherwise
 * @param reason  for a refusal, why, in words an agency's operator understands; for an accepted package, how it
 *                was accepted. Never contains stack traces, class names or file paths.
 */
public record SignatureVerdict(Outcome outcome, X509Certificate signer, String reason) {

    public enum Outcome {
        /** Signed, the signature covers the whole package, and the signer is trusted for the sender. */
        VERIFIED,
        /** Not signed, and the sender is configured to allow unsigned packages. */
        UNSIGNED_ALLOWED,
        /** Signed badly, by the wrong signer, not signed when it must be, or signed in a shape that is not accepted. */
        INVALID,
        /** Not well-formed XML, or XML the bus refuses to parse (a DOCTYPE), or not an edXML package. */
        MALFORMED
    }

    public SignatureVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    static SignatureVerdict verified(X509Certificate signer, String how) {
        return new SignatureVerdict(Outcome.VERIFIED, Objects.requireNonNull(signer, "signer"), how);
    }

    static SignatureVerdict unsignedAccepted() {
        return new SignatureVerdict(Outcome.UNSIGNED_ALLOWED, null, "package is not signed; unsigned packages are allowed for this sender");
    }

    static SignatureVerdict invalid(X509Certificate signer, String reason) {
        return new SignatureVerdict(Outcome.INVALID, signer, reason);
    }

    static SignatureVerdict malformed(String reason) {
        return new SignatureVerdict(Outcome.MALFORMED, null, reason);
    }

    /** True when the package may be stored and delivered: verified, or unsigned and allowed. */
    public boolean valid() {
        return outcome == Outcome.VERIFIED || outcome == Outcome.UNSIGNED_ALLOWED;
    }

    /** True when the package carried no signature and was accepted only because the sender may send unsigned. */
    public boolean unsignedAllowed() {
        return outcome == Outcome.UNSIGNED_ALLOWED;
    }

    public Optional<X509Certificate> signerCertificate() {
        return Optional.ofNullable(signer);
    }
}
