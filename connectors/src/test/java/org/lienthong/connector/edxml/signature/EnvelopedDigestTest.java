package org.lienthong.connector.edxml.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The streaming digest against the reference: Santuario's DOM exclusive c14n of the whole document with the
 * signature element removed (what a DOM verifier computes for URI="" + enveloped-signature + exc-c14n).
 */
class EnvelopedDigestTest {

    static final String SIGNATURE = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature>";

    static {
        org.apache.xml.security.Init.init();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // the shape of the axis's packages
            "<edXMLEnvelope xmlns='urn:E'><edXMLHeader><MessageHeader><Subject>Hà Nội</Subject></MessageHeader>SIG</edXMLHeader><edXMLBody/></edXMLEnvelope>",
            // indentation and whitespace around the signature, outside the root, a BOM-less prolog with PIs and comments
            "<?xml version='1.0'?>\n<?pi before?>\n<!-- c -->\n<edXMLEnvelope xmlns='urn:E'>\n  <edXMLHeader>\n    <M/>\n    SIG\n  </edXMLHeader>\n</edXMLEnvelope>\n<?pi after data?>\n<!-- after -->\n",
            // prefixes, unused declarations, redeclarations, default namespace undeclared, prefixed attributes
            "<e:edXMLEnvelope xmlns:e='urn:E' xmlns:unused='urn:U' xmlns:a='urn:A'><e:edXMLHeader a:x='1' y='2'>SIG</e:edXMLHeader>"
                    + "<body xmlns='urn:D'><inner xmlns=''><a:v xmlns:a='urn:A2' a:w='3'/></inner><e:z xmlns:e='urn:E'/></body></e:edXMLEnvelope>",
            // xml:* attributes inherited, attribute order, character references, escaping in text and attributes
            "<edXMLEnvelope xmlns='urn:E' xml:lang='vi' xml:space='preserve'><edXMLHeader z='&quot;q&quot;' a='t&#9;a&#10;b&#13;c &lt; &gt; &amp;' m=\"it's\">SIG</edXMLHeader>"
                    + "<t>a &gt; b &amp;&amp; c &lt; d &#13;\r\n e\r f &#x1F600; 😀 ẩ</t></edXMLEnvelope>",
            // CDATA, empty elements both ways, comments inside content
            "<edXMLEnvelope xmlns='urn:E'><edXMLHeader>SIG</edXMLHeader><b><![CDATA[<x> & ]] >]]></b><c></c><d/><!-- not signed --><e>1<!--x-->2</e></edXMLEnvelope>",
            // the outer edXML wrapper with attachments beside the envelope
            "<edXML xmlns='urn:E'><edXMLEnvelope><edXMLHeader><From/>SIG</edXMLHeader><edXMLBody/></edXMLEnvelope><AttachmentEncoded><Attachment>QUJD\r\nREVG\r\n</Attachment></AttachmentEncoded></edXML>",
    })
    void matchesDomCanonicalization(String template) throws Exception {
        byte[] document = template.replace("urn:E", TestPackages.EDXML_NS).replace("SIG", SIGNATURE).getBytes(StandardCharsets.UTF_8);

        byte[] streamed = EnvelopedDigest.digest(new ByteArrayInputStream(document), Dsig.DigestAlgorithm.SHA256, null);

        assertThat(streamed).isEqualTo(domDigest(document, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "#default", "a #default b", "unused"})
    void matchesDomCanonicalizationWithAnInclusivePrefixList(String prefixes) throws Exception {
        byte[] document = ("<e:edXMLEnvelope xmlns:e='urn:E' xmlns='urn:D' xmlns:a='urn:A' xmlns:b='urn:B' xmlns:unused='urn:U'>"
                + "<e:edXMLHeader>SIG</e:edXMLHeader><e:body><x/><e:y b:k='v'/></e:body></e:edXMLEnvelope>")
                .replace("urn:E", TestPackages.EDXML_NS).replace("SIG", SIGNATURE).getBytes(StandardCharsets.UTF_8);
        List<String> list = List.of(prefixes.split(" "));

        byte[] streamed = EnvelopedDigest.digest(new ByteArrayInputStream(document), Dsig.DigestAlgorithm.SHA256, list);

        assertThat(streamed).isEqualTo(domDigest(document, prefixes));
    }

    private static byte[] domDigest(byte[] document, String inclusivePrefixes) throws Exception {
        Document dom = JdkXmlDsig.parse(document);
        Element signature = (Element) dom.getElementsByTagNameNS(Dsig.NS, "Signature").item(0);
        signature.getParentNode().removeChild(signature);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonicalizer c14n = Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        if (inclusivePrefixes == null) {
            c14n.canonicalizeSubtree(dom, out);
        } else {
            c14n.canonicalizeSubtree(dom, inclusivePrefixes, out);
        }
        return MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
    }
}
