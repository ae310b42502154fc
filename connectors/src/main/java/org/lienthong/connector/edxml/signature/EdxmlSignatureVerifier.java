package org.lienthong.connector.edxml.signature;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

import org.w3c.dom.Element;

/**
 * Verifies the enveloped XML-DSig signature of an edXML package or status packet against a
 * {@link SignaturePolicy}, streaming: the package is never held in memory, whatever its size.
 *
 * <ol>
 * <li>Read up to the end of the {@code ds:Signature} in {@code edXMLHeader}, keep that element (a few KB).</li>
 * <li>Refuse any shape but one Reference {@code URI=""} with enveloped-signature + exclusive c14n, and any
 *     algorithm outside the allow-list (MD5 never, SHA-1 only for legacy senders).</li>
 * <li>Canonicalize SignedInfo and check SignatureValue with the KeyInfo certificate's key; then decide from the
 *     policy alone whether that certificate may sign for the sender (KeyInfo proves nothing by itself).</li>
 * <li>Read the whole package again through exclusive c14n into the digest, skipping the signature element, and
 *     compare with DigestValue; a second signature anywhere is refused on the way.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe. The package is read, never written: what a recipient later receives still
 * verifies with the sender's certificate.
 */
public final class EdxmlSignatureVerifier {

    private static final int READ_BUFFER = 64 * 1024;

    /** Verifies a package held in a file (read twice). I/O failures are thrown, not turned into verdicts. */
    public SignatureVerdict verify(Path edxmlFile, SignaturePolicy policy) throws IOException {
        return verify(PackageBytes.of(edxmlFile), policy);
    }

    /** Verifies a package that can be opened more than once. I/O failures are thrown, not turned into verdicts. */
    public SignatureVerdict verify(PackageBytes edxml, SignaturePolicy policy) throws IOException {
        try {
            Optional<Element> signature;
            try (InputStream in = open(edxml)) {
                signature = SignatureLocator.locate(in);
            }
            if (signature.isEmpty()) {
                return policy.allowUnsigned() ? SignatureVerdict.unsignedAccepted()
                        : SignatureVerdict.invalid(null, "package is not signed");
            }
            SignedInfoRules.ParsedSignature parsed = SignedInfoRules.parse(signature.get(), policy);
            X509Certificate signer = signerOf(parsed, policy);
            String how = SignerTrust.establish(signer, parsed.keyInfoCertificates(), policy);
            byte[] digest;
            try (InputStream in = open(edxml)) {
                digest = EnvelopedDigest.digest(in, parsed.digestAlgorithm(), parsed.referenceInclusivePrefixes());
            }
            if (!MessageDigest.isEqual(digest, parsed.digestValue())) {
                return SignatureVerdict.invalid(signer, "signature does not match the document (digest mismatch)");
            }
            return SignatureVerdict.verified(signer, how);
        } catch (Refusal refusal) {
            return refusal.verdict();
        } catch (XMLStreamException e) {
            IOException io = ioCause(e);
            if (io != null) {
                throw io;
            }
            return SignatureVerdict.malformed(describe(e));
        }
    }

    /**
     * The certificate whose key verifies SignatureValue over the canonical SignedInfo: one from KeyInfo, or, when
     * KeyInfo names none, one of the sender's registered certificates.
     */
    private static X509Certificate signerOf(SignedInfoRules.ParsedSignature parsed, SignaturePolicy policy) throws Refusal {
        List<X509Certificate> candidates = parsed.keyInfoCertificates();
        String from = "the certificate in KeyInfo";
        if (candidates.isEmpty()) {
            candidates = policy.registeredCertificates();
            from = "any certificate registered for " + policy.agencyCode() + " (KeyInfo names none)";
        }
        Dsig.SignatureAlgorithm algorithm = parsed.signatureAlgorithm();
        for (X509Certificate candidate : candidates) {
            if (!algorithm.keyAlgorithm.equals(candidate.getPublicKey().getAlgorithm())) {
                continue;
            }
            try {
                Signature verifier = Signature.getInstance(algorithm.jcaName);
                verifier.initVerify(candidate.getPublicKey());
                verifier.update(parsed.canonicalSignedInfo());
                if (verifier.verify(parsed.signatureValue())) {
                    return candidate;
                }
            } catch (GeneralSecurityException e) {
                // a malformed value or an unusable key is just not a match
            }
        }
        throw Refusal.invalid("signature value does not verify with " + from);
    }

    private static InputStream open(PackageBytes edxml) throws IOException {
        return new BufferedInputStream(edxml.open(), READ_BUFFER);
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
            if (cause instanceof XMLStreamException xml && xml.getNestedException() instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** The parser's complaint with its position, without the parser's own framing. */
    private static String describe(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int start = message.indexOf("Message: ");
        if (start >= 0) {
            message = message.substring(start + "Message: ".length());
        }
        Location location = e.getLocation();
        String where = location == null ? "" : " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
        return "package is not well-formed XML" + where + ": " + message.strip();
    }
}
