/**
 * Verification of the enveloped XML-DSig signature of edXML packages and status packets.
 *
 * <p>{@link org.lienthong.connector.edxml.signature.EdxmlSignatureVerifier} checks a received package against a
 * {@link org.lienthong.connector.edxml.signature.SignaturePolicy} (the sender's registered certificates, trusted
 * CAs, CRLs, legacy and unsigned allowances, clock) and returns a
 * {@link org.lienthong.connector.edxml.signature.SignatureVerdict}. It streams: the package is read twice (once up
 * to the end of the signature, once through exclusive canonicalization into a digest) and never held in memory,
 * so packages of hundreds of MB verify in a small heap. It never changes a byte of the package.
 *
 * <p>Only one shape of signature is accepted, the one the national document axis produces: exactly one
 * {@code ds:Signature}, a child of {@code edXMLHeader}, with exactly one {@code Reference URI=""} (the whole
 * document) transformed by enveloped-signature then exclusive c14n. Anything else is refused rather than
 * interpreted, which is what keeps signature-wrapping attacks out: what the bus routes is read from the same
 * bytes the signature covers.
 */
package org.lienthong.connector.edxml.signature;
