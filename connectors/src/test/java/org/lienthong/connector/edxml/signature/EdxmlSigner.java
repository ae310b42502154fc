package org.lienthong.connector.edxml.signature;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.stax.ext.stax.XMLSecEvent;
import org.apache.xml.security.stax.ext.stax.XMLSecEventFactory;
import org.apache.xml.security.stax.ext.stax.XMLSecStartElement;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_ExclOmitCommentsTransformer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs edXML packages the way the national document axis does: an enveloped XML-DSig signature with one
 * {@code Reference URI=""} (transforms enveloped-signature, exclusive c14n), exclusive c14n of SignedInfo,
 * rsa-sha256 (ecdsa-sha256 for EC keys), KeyInfo/X509Data/X509Certificate, appended as the last child of
 * {@code edXMLHeader} without any whitespace around it.
 *
 * <p>Streams, so it signs packages of hundreds of MB in a small heap: the digest is computed by streaming exclusive
 * canonicalization of the unsigned package (the enveloped transform removes exactly the element that is about to be
 * added, so the unsigned package is what is digested), then the package is copied byte for byte with the
 * Signature element inserted before the {@code </edXMLHeader>} end tag. Whitespace before that end tag stays where
 * it was, outside the signature, as the verifier will see it. Packages are expected in UTF-8 (or ASCII).
 *
 * <p>The {@code with*} methods build variants for refusal tests: legacy rsa-sha1, other digests (MD5), other
 * transforms or reference URIs (written as given; the digest is still that of enveloped + exclusive c14n), no
 * KeyInfo, or the signature placed in {@code edXMLBody}. Immutable.
 */
public final class EdxmlSigner {

    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public static final String RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final String SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512";
    public static final String SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    public static final String MD5 = "http://www.w3.org/2001/04/xmldsig-more#md5";
    public static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    public static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public static final String EXC_C14N_WITH_COMMENTS = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
    public static final String XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116";

    private static final Map<String, String> SIGNATURE_JCA = Map.of(
            RSA_SHA256, "SHA256withRSA",
            RSA_SHA1, "SHA1withRSA",
            ECDSA_SHA256, "SHA256withECDSAinP1363Format");
    private static final Map<String, String> DIGEST_JCA = Map.of(
            SHA256, "SHA-256", SHA512, "SHA-512", SHA1, "SHA-1", MD5, "MD5");

    /** Where the Signature element goes. */
    public enum Placement {
        /** Last child of edXMLHeader: the only accepted place. */
        HEADER("edXMLHeader"),
        /** Last child of edXMLBody: a misplaced signature. */
        BODY("edXMLBody");

        private final String element;

        Placement(String element) {
            this.element = element;
        }
    }

    static {
        org.apache.xml.security.Init.init();
    }

    private final TestPki.Credential credential;
    private final String signatureMethod;
    private final String digestMethod;
    private final List<String> transforms;
    private final String referenceUri;
    private final Placement placement;
    private final boolean keyInfo;

    private EdxmlSigner(TestPki.Credential credential, String signatureMethod, String digestMethod,
            List<String> transforms, String referenceUri, Placement placement, boolean keyInfo) {
        this.credential = credential;
        this.signatureMethod = signatureMethod;
        this.digestMethod = digestMethod;
        this.transforms = List.copyOf(transforms);
        this.referenceUri = referenceUri;
        this.placement = placement;
        this.keyInfo = keyInfo;
    }

    /** Signs as the axis does: rsa-sha256 (ecdsa-sha256 for an EC key), sha256, in the header, with KeyInfo. */
    public static EdxmlSigner with(TestPki.Credential credential) {
        String method = credential.privateKey().getAlgorithm().equals("EC") ? ECDSA_SHA256 : RSA_SHA256;
        return new EdxmlSigner(credential, method, SHA256, List.of(ENVELOPED, EXC_C14N), "", Placement.HEADER, true);
    }

    /** rsa-sha1 with sha1 digests, as old packages were signed. */
    public EdxmlSigner legacyRsaSha1() {
        return new EdxmlSigner(credential, RSA_SHA1, SHA1, transforms, referenceUri, placement, keyInfo);
    }

    public EdxmlSigner withSignatureMethod(String uri) {
        return new EdxmlSigner(credential, uri, digestMethod, transforms, referenceUri, placement, keyInfo);
    }

    public EdxmlSigner withDigestMethod(String uri) {
        return new EdxmlSigner(credential, signatureMethod, uri, transforms, referenceUri, placement, keyInfo);
    }

    /** Transforms written into the Reference as given (the digest stays that of enveloped + exclusive c14n). */
    public EdxmlSigner withTransforms(String... algorithms) {
        return new EdxmlSigner(credential, signatureMethod, digestMethod, List.of(algorithms), referenceUri, placement, keyInfo);
    }

    public EdxmlSigner withReferenceUri(String uri) {
        return new EdxmlSigner(credential, signatureMethod, digestMethod, transforms, uri, placement, keyInfo);
    }

    public EdxmlSigner withPlacement(Placement where) {
        return new EdxmlSigner(credential, signatureMethod, digestMethod, transforms, referenceUri, where, keyInfo);
    }

    public EdxmlSigner withoutKeyInfo() {
        return new EdxmlSigner(credential, signatureMethod, digestMethod, transforms, referenceUri, placement, false);
    }

    /** Signs {@code unsigned} into {@code signed}, streaming both. */
    public void sign(Path unsigned, Path signed) throws IOException {
        byte[] digest;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(unsigned), 65536)) {
            digest = digest(in);
        }
        byte[] signature = signatureElement(digest).getBytes(StandardCharsets.UTF_8);
        InsertionPoint point;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(unsigned), 65536)) {
            point = InsertionPoint.find(in, placement.element);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(unsigned), 65536);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(signed), 65536)) {
            point.insert(in, out, signature);
        }
    }

    public byte[] sign(byte[] unsigned) throws IOException {
        byte[] signature = signatureElement(digest(new ByteArrayInputStream(unsigned))).getBytes(StandardCharsets.UTF_8);
        InsertionPoint point = InsertionPoint.find(new ByteArrayInputStream(unsigned), placement.element);
        ByteArrayOutputStream out = new ByteArrayOutputStream(unsigned.length + signature.length + 16);
        point.insert(new ByteArrayInputStream(unsigned), out, signature);
        return out.toByteArray();
    }

    public String sign(String unsigned) throws IOException {
        return new String(sign(unsigned.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The digest the Reference carries: streaming exclusive c14n (comments omitted, as URI="" does) of the package. */
    public byte[] digest(InputStream unsigned) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance(DIGEST_JCA.get(digestMethod));
            Canonicalizer20010315_ExclOmitCommentsTransformer c14n = new Canonicalizer20010315_ExclOmitCommentsTransformer();
            OutputStream sink = new BufferedOutputStream(new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            }, 65536);
            c14n.setOutputStream(sink);
            XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_COALESCING, false);
            XMLStreamReader reader = factory.createXMLStreamReader(unsigned);
            XMLSecStartElement parent = null;
            c14n.transform(XMLSecEventFactory.allocate(reader, null));
            while (reader.hasNext()) {
                int event = reader.next();
                XMLSecEvent secEvent = XMLSecEventFactory.allocate(reader, parent);
                if (event == XMLStreamReader.START_ELEMENT) {
                    parent = secEvent.asStartElement();
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    parent = parent.getParentXMLSecStartElement();
                }
                c14n.transform(secEvent);
            }
            c14n.doFinal();
            sink.flush();
            return digest.digest();
        } catch (GeneralSecurityException | XMLStreamException | org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new IOException("cannot digest the package", e);
        }
    }

    /** The complete ds:Signature element for a package whose Reference digest is {@code digest}. */
    public String signatureElement(byte[] digest) throws IOException {
        StringBuilder signedInfo = new StringBuilder("<SignedInfo>")
                .append("<CanonicalizationMethod Algorithm=\"").append(EXC_C14N).append("\"/>")
                .append("<SignatureMethod Algorithm=\"").append(escape(signatureMethod)).append("\"/>")
                .append("<Reference URI=\"").append(escape(referenceUri)).append("\"><Transforms>");
        for (String transform : transforms) {
            signedInfo.append("<Transform Algorithm=\"").append(escape(transform)).append("\"/>");
        }
        signedInfo.append("</Transforms><DigestMethod Algorithm=\"").append(escape(digestMethod)).append("\"/>")
                .append("<DigestValue>").append(Base64.getEncoder().encodeToString(digest)).append("</DigestValue>")
                .append("</Reference></SignedInfo>");
        try {
            Signature signer = Signature.getInstance(SIGNATURE_JCA.get(signatureMethod));
            signer.initSign(credential.privateKey());
            signer.update(canonicalSignedInfo(signedInfo.toString()));
            StringBuilder signature = new StringBuilder("<Signature xmlns=\"").append(DSIG_NS).append("\">")
                    .append(signedInfo)
                    .append("<SignatureValue>").append(wrapped(signer.sign())).append("</SignatureValue>");
            if (keyInfo) {
                signature.append("<KeyInfo><X509Data><X509Certificate>")
                        .append(wrapped(credential.certificate().getEncoded()))
                        .append("</X509Certificate></X509Data></KeyInfo>");
            }
            return signature.append("</Signature>").toString();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign", e);
        }
    }

    /** Exclusive c14n of SignedInfo as it will sit in the package (it only uses the namespace Signature declares). */
    private static byte[] canonicalSignedInfo(String signedInfo) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                    ("<Signature xmlns=\"" + DSIG_NS + "\">" + signedInfo + "</Signature>").getBytes(StandardCharsets.UTF_8)));
            Element element = (Element) document.getDocumentElement().getFirstChild();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Canonicalizer.getInstance(EXC_C14N).canonicalizeSubtree(element, out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IOException("cannot canonicalize SignedInfo", e);
        }
    }

    /** Base64 in 76-character lines separated by CR LF, the CR written as {@code &#13;} as the axis's signer does. */
    private static String wrapped(byte[] bytes) {
        return Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "&#13;\n");
    }

    private static String escape(String attribute) {
        return attribute.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /**
     * Where the signature goes in the byte stream: before the end tag of the first {@code element} (any prefix), or
     * in place of the {@code />} of its empty-element tag. Found by a small lexer that skips comments, CDATA, PIs
     * and quoted attribute values, the only places an end tag's text can hide.
     */
    private record InsertionPoint(long offset, int replacedBytes, String qualifiedName) {

        static InsertionPoint find(InputStream in, String localName) throws IOException {
            ByteCursor cursor = new ByteCursor(in);
            int depth = 0;
            int targetDepth = -1;
            int b;
            while ((b = cursor.read()) != -1) {
                if (b != '<') {
                    continue;
                }
                long tagStart = cursor.position - 1;
                if (cursor.consume("!--")) {
                    cursor.skipPast("-->");
                } else if (cursor.consume("![CDATA[")) {
                    cursor.skipPast("]]>");
                } else if (cursor.consume("?")) {
                    cursor.skipPast("?>");
                } else if (cursor.consume("!")) {
                    cursor.skipPast(">");
                } else if (cursor.consume("/")) {
                    String name = cursor.name();
                    cursor.skipPast(">");
                    depth--;
                    if (depth == targetDepth && matches(name, localName)) {
                        return new InsertionPoint(tagStart, 0, name);
                    }
                } else {
                    String name = cursor.name();
                    long slash = cursor.skipTagRest();
                    if (targetDepth < 0 && matches(name, localName)) {
                        if (slash >= 0) {
                            return new InsertionPoint(slash, 2, name);
                        }
                        targetDepth = depth;
                    }
                    if (slash < 0) {
                        depth++;
                    }
                }
            }
            throw new IOException("no " + localName + " element to put the signature in");
        }

        void insert(InputStream in, OutputStream out, byte[] signature) throws IOException {
            long remaining = offset;
            byte[] buffer = new byte[65536];
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("package changed while signing");
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
            if (replacedBytes > 0) {
                in.skipNBytes(replacedBytes);
                out.write('>');
                out.write(signature);
                out.write(("</" + qualifiedName + ">").getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(signature);
            }
            in.transferTo(out);
        }

        private static boolean matches(String qualifiedName, String localName) {
            return qualifiedName.equals(localName) || qualifiedName.endsWith(":" + localName);
        }
    }

    /** Byte-at-a-time reading with a position and a little lookahead. */
    private static final class ByteCursor {
        private final InputStream in;
        long position;

        ByteCursor(InputStream in) {
            this.in = in.markSupported() ? in : new BufferedInputStream(in);
        }

        int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        boolean consume(String expected) throws IOException {
            in.mark(expected.length());
            for (int i = 0; i < expected.length(); i++) {
                if (in.read() != expected.charAt(i)) {
                    in.reset();
                    return false;
                }
            }
            position += expected.length();
            return true;
        }

        void skipPast(String terminator) throws IOException {
            int n = terminator.length();
            int[] window = new int[n];
            long seen = 0;
            int b;
            while ((b = read()) != -1) {
                window[(int) (seen++ % n)] = b;
                if (seen >= n && endsWith(window, seen, terminator)) {
                    return;
                }
            }
            throw new IOException("unterminated markup");
        }

        private static boolean endsWith(int[] window, long seen, String terminator) {
            int n = terminator.length();
            for (int i = 0; i < n; i++) {
                if (window[(int) ((seen - n + i) % n)] != terminator.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        String name() throws IOException {
            StringBuilder name = new StringBuilder();
            while (true) {
                in.mark(1);
                int b = in.read();
                if (b == -1 || b == '>' || b == '/' || b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                    in.reset();
                    return name.toString();
                }
                position++;
                name.append((char) b);
            }
        }

        /** Reads to the end of a start tag; the position of the '/' of "/>" for an empty-element tag, else -1. */
        long skipTagRest() throws IOException {
            int b;
            while ((b = read()) != -1) {
                if (b == '"' || b == '\'') {
                    int quote = b;
                    while ((b = read()) != quote) {
                        if (b == -1) {
                            throw new IOException("unterminated attribute value");
                        }
                    }
                } else if (b == '>') {
                    return -1;
                } else if (b == '/') {
                    long slash = position - 1;
                    if (consume(">")) {
                        return slash;
                    }
                }
            }
            throw new IOException("unterminated start tag");
        }
    }
}
