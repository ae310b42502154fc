package org.lienthong.connector.edxml.signature;

import org.lienthong.connector.xml.SecureXml;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.stax.ext.stax.XMLSecEvent;
import org.apache.xml.security.stax.ext.stax.XMLSecEventFactory;
import org.apache.xml.security.stax.ext.stax.XMLSecStartElement;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_Excl;
import org.apache.xml.security.stax.impl.transformer.canonicalizer.Canonicalizer20010315_ExclOmitCommentsTransformer;

/**
 * Second pass: the digest of {@code Reference URI=""} after enveloped-signature and exclusive c14n, computed while
 * the package streams by. Parser events become Santuario's StAX events and go through its streaming exclusive
 * canonicalizer into a {@link MessageDigest}; the signature element's events are skipped, which is the
 * enveloped-signature transform. Memory stays bounded by the nesting depth, not the package size: the parser
 * reports a large attachment as many small text chunks.
 *
 * <p>Comments are never digested: a same-document {@code URI=""} selects the document without its comments (XML-DSig
 * 4.4.3.3), so {@code exc-c14n#WithComments} canonicalizes the same bytes as {@code exc-c14n} here.
 */
final class EnvelopedDigest {

    private static final int BUFFER = 64 * 1024;

    private EnvelopedDigest() {
    }

    static byte[] digest(InputStream in, Dsig.DigestAlgorithm algorithm, List<String> inclusivePrefixes)
            throws XMLStreamException, Refusal, IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm.jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime lacks " + algorithm.jcaName, e);
        }
        Canonicalizer20010315_ExclOmitCommentsTransformer c14n = new Canonicalizer20010315_ExclOmitCommentsTransformer();
        OutputStream sink = new BufferedOutputStream(new DigestSink(digest), BUFFER);
        try {
            c14n.setOutputStream(sink);
            if (inclusivePrefixes != null) {
                c14n.setProperties(Map.of(Canonicalizer20010315_Excl.INCLUSIVE_NAMESPACES_PREFIX_LIST, inclusivePrefixes));
            }
        } catch (XMLSecurityException e) {
            throw new IllegalStateException("the streaming canonicalizer refused its settings", e);
        }

        XMLStreamReader reader = SecureXml.streamReader(in);
        try {
            PackageStructure structure = new PackageStructure();
            boolean signatureSkipped = false;
            XMLSecStartElement parent = null;
            canonicalize(c14n, XMLSecEventFactory.allocate(reader, null));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw SignatureLocator.doctypeRefused();
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    PackageStructure.Position position = structure.enter(reader.getNamespaceURI(), reader.getLocalName());
                    if (position != PackageStructure.Position.OTHER) {
                        if (signatureSkipped || position == PackageStructure.Position.SIGNATURE_ELSEWHERE) {
                            throw Refusal.invalid("more than one signature");
                        }
                        signatureSkipped = true;
                        skipElement(reader);
                        structure.leave();
                        continue;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    structure.leave();
                }
                XMLSecEvent secEvent = XMLSecEventFactory.allocate(reader, parent);
                if (event == XMLStreamConstants.START_ELEMENT) {
                    parent = secEvent.asStartElement();
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    parent = parent.getParentXMLSecStartElement();
                }
                canonicalize(c14n, secEvent);
            }
            structure.finish();
            if (!signatureSkipped) {
                throw Refusal.invalid("the signature is no longer in the package");
            }
            try {
                c14n.doFinal();
            } catch (XMLStreamException e) {
                throw Refusal.invalid("the package cannot be canonicalized");
            }
            sink.flush();
        } finally {
            reader.close();
        }
        return digest.digest();
    }

    private static void canonicalize(Canonicalizer20010315_ExclOmitCommentsTransformer c14n, XMLSecEvent event) throws Refusal {
        try {
            c14n.transform(event);
        } catch (XMLStreamException e) {
            // c14n refuses what it cannot render (a relative namespace URI); parser errors do not come through here
            throw Refusal.invalid("the package cannot be canonicalized: " + e.getMessage());
        }
    }

    /** Reads past the end of the element whose start tag the reader is on. */
    private static void skipElement(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Feeds written bytes to the digest; the buffering in front of it batches c14n's byte-at-a-time writes. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }
    }
}
