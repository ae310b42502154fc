package org.lienthong.connector.edxml.signature;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.apache.xml.security.c14n.CanonicalizationException;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.c14n.InvalidCanonicalizerException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a ds:Signature element and refuses every shape but the one accepted: exactly one Reference, {@code URI=""},
 * transforms enveloped-signature then exclusive c14n, allowed algorithms only. Nothing is dereferenced, fetched or
 * transformed here; KeyInfo only offers certificates (trust comes from the policy).
 */
final class SignedInfoRules {

    static final String REFERENCE_SHAPE =
            "reference must be URI=\"\" with enveloped-signature and exclusive c14n transforms";
    private static final int MAX_KEYINFO_CERTIFICATES = 10;

    /** What verification needs from a signature that has the accepted shape. */
    record ParsedSignature(
            byte[] canonicalSignedInfo,
            Dsig.SignatureAlgorithm signatureAlgorithm,
            Dsig.DigestAlgorithm digestAlgorithm,
            byte[] digestValue,
            List<String> referenceInclusivePrefixes,
            byte[] signatureValue,
            List<X509Certificate> keyInfoCertificates) {
    }

    static {
        org.apache.xml.security.Init.init();
    }

    private SignedInfoRules() {
    }

    static ParsedSignature parse(Element signature, SignaturePolicy policy) throws Refusal {
        if (signature.getElementsByTagNameNS(Dsig.NS, "Signature").getLength() > 0) {
            throw Refusal.invalid("more than one signature");
        }
        List<Element> parts = children(signature);
        expect(parts, 0, "SignedInfo", "Signature");
        expect(parts, 1, "SignatureValue", "Signature");
        for (int i = 2; i < parts.size(); i++) {
            Element part = parts.get(i);
            boolean keyInfo = i == 2 && isDsig(part, "KeyInfo");
            if (!keyInfo && !isDsig(part, "Object")) {
                throw Refusal.invalid("unexpected element " + part.getLocalName() + " in Signature");
            }
        }
        Element signedInfo = parts.get(0);
        List<Element> info = children(signedInfo);
        expect(info, 0, "CanonicalizationMethod", "SignedInfo");
        expect(info, 1, "SignatureMethod", "SignedInfo");
        long references = info.stream().skip(2).filter(e -> isDsig(e, "Reference")).count();
        if (references != info.size() - 2) {
            throw Refusal.invalid("unexpected element in SignedInfo");
        }
        if (references != 1) {
            throw Refusal.invalid("the signature must have exactly one Reference (it has " + references + ")");
        }

        String c14n = algorithm(info.get(0));
        if (!Dsig.SIGNED_INFO_C14N.contains(c14n)) {
            throw Refusal.invalid("canonicalization method " + c14n + " is not accepted");
        }
        String signedInfoPrefixes = inclusivePrefixes(info.get(0), Dsig.EXCLUSIVE_C14N.contains(c14n));

        Dsig.SignatureAlgorithm signatureAlgorithm = signatureAlgorithm(info.get(1), policy);
        Element reference = info.get(2);
        Reference parsedReference = reference(reference, policy);

        return new ParsedSignature(
                canonicalize(signedInfo, c14n, signedInfoPrefixes),
                signatureAlgorithm,
                parsedReference.digestAlgorithm,
                parsedReference.digestValue,
                parsedReference.inclusivePrefixes,
                base64(parts.get(1), "SignatureValue"),
                parts.size() > 2 && isDsig(parts.get(2), "KeyInfo") ? certificates(parts.get(2)) : List.of());
    }

    private record Reference(Dsig.DigestAlgorithm digestAlgorithm, byte[] digestValue, List<String> inclusivePrefixes) {
    }

    private static Reference reference(Element reference, SignaturePolicy policy) throws Refusal {
        // URI="" is the whole document: what the bus routes is read from the bytes it covers. An absent URI, an
        // #id or an XPointer could point at a part an attacker moved, so they are refused.
        if (!reference.hasAttributeNS(null, "URI") || !reference.getAttributeNS(null, "URI").isEmpty()) {
            throw Refusal.invalid(REFERENCE_SHAPE);
        }
        List<Element> parts = children(reference);
        if (parts.size() != 3 || !isDsig(parts.get(0), "Transforms")) {
            throw Refusal.invalid(REFERENCE_SHAPE);
        }
        expect(parts, 1, "DigestMethod", "Reference");
        expect(parts, 2, "DigestValue", "Reference");

        List<Element> transforms = children(parts.get(0));
        for (Element transform : transforms) {
            if (!isDsig(transform, "Transform")) {
                throw Refusal.invalid("unexpected element " + transform.getLocalName() + " in Transforms");
            }
            String algorithm = algorithm(transform);
            if (Dsig.FORBIDDEN_TRANSFORMS.contains(algorithm)) {
                throw Refusal.invalid("transform " + algorithm + " is not allowed");
            }
        }
        if (transforms.size() != 2
                || !Dsig.ENVELOPED_SIGNATURE.equals(algorithm(transforms.get(0)))
                || !children(transforms.get(0)).isEmpty()
                || !Dsig.EXCLUSIVE_C14N.contains(algorithm(transforms.get(1)))) {
            throw Refusal.invalid(REFERENCE_SHAPE);
        }
        String prefixes = inclusivePrefixes(transforms.get(1), true);

        String digestUri = algorithm(parts.get(1));
        if (Dsig.MD5.contains(digestUri)) {
            throw Refusal.invalid("MD5 is never accepted");
        }
        Dsig.DigestAlgorithm digest = Dsig.DigestAlgorithm.byUri(digestUri)
                .orElseThrow(() -> Refusal.invalid("digest algorithm " + digestUri + " is not accepted"));
        if (digest.legacy && !policy.allowRsaSha1()) {
            throw Refusal.invalid("sha1 digests are not accepted for this sender");
        }
        byte[] digestValue = base64(parts.get(2), "DigestValue");
        if (digestValue.length != digest.length) {
            throw Refusal.invalid("DigestValue is not a " + digest.jcaName + " digest");
        }
        return new Reference(digest, digestValue,
                prefixes == null ? null : Arrays.asList(prefixes.trim().split("\\s+")));
    }

    private static Dsig.SignatureAlgorithm signatureAlgorithm(Element method, SignaturePolicy policy) throws Refusal {
        String uri = algorithm(method);
        if (Dsig.MD5.contains(uri)) {
            throw Refusal.invalid("MD5 is never accepted");
        }
        if (!children(method).isEmpty()) {
            throw Refusal.invalid("signature algorithm parameters are not accepted");
        }
        Dsig.SignatureAlgorithm algorithm = Dsig.SignatureAlgorithm.byUri(uri)
                .orElseThrow(() -> Refusal.invalid("signature algorithm " + uri + " is not accepted"));
        if (algorithm.legacy && !policy.allowRsaSha1()) {
            throw Refusal.invalid("rsa-sha1 is not accepted for this sender");
        }
        return algorithm;
    }

    /** The PrefixList of an exclusive c14n method's InclusiveNamespaces child, null without one. */
    private static String inclusivePrefixes(Element method, boolean exclusive) throws Refusal {
        List<Element> parameters = children(method);
        if (parameters.isEmpty()) {
            return null;
        }
        Element only = parameters.get(0);
        if (!exclusive || parameters.size() > 1 || !Dsig.EXC_C14N_NS.equals(only.getNamespaceURI())
                || !"InclusiveNamespaces".equals(only.getLocalName()) || !children(only).isEmpty()) {
            throw Refusal.invalid("unexpected parameters of " + algorithm(method));
        }
        String list = only.getAttributeNS(null, "PrefixList").trim();
        return list.isEmpty() ? null : list;
    }

    private static byte[] canonicalize(Element signedInfo, String c14n, String inclusivePrefixes) throws Refusal {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            Canonicalizer canonicalizer = Canonicalizer.getInstance(c14n);
            if (inclusivePrefixes != null) {
                canonicalizer.canonicalizeSubtree(signedInfo, inclusivePrefixes, out);
            } else {
                canonicalizer.canonicalizeSubtree(signedInfo, out);
            }
        } catch (InvalidCanonicalizerException | CanonicalizationException e) {
            throw Refusal.invalid("SignedInfo cannot be canonicalized");
        }
        return out.toByteArray();
    }

    private static List<X509Certificate> certificates(Element keyInfo) throws Refusal {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element data : children(keyInfo)) {
            if (!isDsig(data, "X509Data")) {
                continue; // KeyName, KeyValue, RetrievalMethod...: never used, never dereferenced
            }
            for (Element item : children(data)) {
                if (isDsig(item, "X509Certificate")) {
                    if (certificates.size() == MAX_KEYINFO_CERTIFICATES) {
                        throw Refusal.invalid("KeyInfo holds more than " + MAX_KEYINFO_CERTIFICATES + " certificates");
                    }
                    try {
                        certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(base64(item, "X509Certificate"))));
                    } catch (GeneralSecurityException e) {
                        throw Refusal.invalid("KeyInfo X509Certificate is not a valid certificate");
                    }
                }
            }
        }
        return List.copyOf(certificates);
    }

    private static byte[] base64(Element element, String name) throws Refusal {
        if (!children(element).isEmpty()) {
            throw Refusal.invalid(name + " must hold base64 text only");
        }
        // XML-DSig base64 may be wrapped with CR (often as &#13;) and LF; anything else must be base64 proper.
        String text = element.getTextContent().replaceAll("[ \t\r\n]", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(name + " is not valid base64");
        }
    }

    private static String algorithm(Element element) throws Refusal {
        if (!element.hasAttributeNS(null, "Algorithm")) {
            throw Refusal.invalid(element.getLocalName() + " has no Algorithm");
        }
        return element.getAttributeNS(null, "Algorithm");
    }

    private static void expect(List<Element> elements, int index, String localName, String parent) throws Refusal {
        if (elements.size() <= index || !isDsig(elements.get(index), localName)) {
            throw Refusal.invalid(parent + " must contain " + localName + (index == 0 ? " first" : " in its place"));
        }
    }

    private static boolean isDsig(Element element, String localName) {
        return Dsig.NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
