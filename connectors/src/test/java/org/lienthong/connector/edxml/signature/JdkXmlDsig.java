package org.lienthong.connector.edxml.signature;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.PublicKey;
import java.util.List;
import java.util.function.Consumer;

import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.ExcC14NParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JDK's own DOM-based XML-DSig (JSR 105), as an independent second implementation: it signs small packages
 * the way other systems do, validates what {@link EdxmlSigner} produces, and plays the naive verifier that a
 * signature-wrapping attack fools (it resolves {@code #id} references wherever the element now is).
 */
public final class JdkXmlDsig {

    private JdkXmlDsig() {
    }

    /** Enveloped signature, URI="", the given exclusive c14n transform (with a PrefixList when given), in edXMLHeader. */
    public static byte[] signEnveloped(byte[] unsigned, TestPki.Credential credential, String exclusiveC14n,
            List<String> inclusivePrefixes) throws Exception {
        Document document = parse(unsigned);
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        ExcC14NParameterSpec prefixes = inclusivePrefixes == null ? null : new ExcC14NParameterSpec(inclusivePrefixes);
        Reference reference = factory.newReference("", factory.newDigestMethod(DigestMethod.SHA256, null), List.of(
                factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                factory.newTransform(exclusiveC14n, prefixes)), null, null);
        sign(document, factory, reference, credential, header(document));
        return serialize(document);
    }

    /**
     * A signature whose Reference is {@code URI="#id"} over MessageHeader (given an {@code Id} attribute), put in
     * edXMLHeader: the shape a wrapping attack needs.
     */
    public static byte[] signMessageHeaderById(byte[] unsigned, TestPki.Credential credential, String id) throws Exception {
        Document document = parse(unsigned);
        Element messageHeader = messageHeader(document);
        messageHeader.setAttributeNS(null, "Id", id);
        messageHeader.setIdAttributeNS(null, "Id", true);
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Reference reference = factory.newReference("#" + id, factory.newDigestMethod(DigestMethod.SHA256, null), List.of(
                factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)), null, null);
        sign(document, factory, reference, credential, header(document));
        return serialize(document);
    }

    /**
     * The classic wrapping attack on a {@code #id} signature: the signed MessageHeader is moved into a ds:Object of
     * the signature (where nothing reads it) and a forged copy, edited by {@code forge}, takes its place.
     */
    public static byte[] wrapSignedMessageHeader(byte[] signedById, Consumer<Element> forge) throws Exception {
        Document document = parse(signedById);
        Element signed = messageHeader(document);
        Element forged = (Element) signed.cloneNode(true);
        forged.removeAttributeNS(null, "Id");
        forge.accept(forged);
        Element signature = (Element) document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").item(0);
        Element object = document.createElementNS(XMLSignature.XMLNS, "Object");
        signature.appendChild(object);
        object.appendChild(signed);
        header(document).insertBefore(forged, header(document).getFirstChild());
        return serialize(document);
    }

    /** Core validation by the JDK, which resolves #id references to any element carrying that Id. */
    public static boolean validates(byte[] signed, PublicKey key) throws Exception {
        Document document = parse(signed);
        NodeList withId = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < withId.getLength(); i++) {
            Element element = (Element) withId.item(i);
            if (element.hasAttributeNS(null, "Id")) {
                element.setIdAttributeNS(null, "Id", true);
            }
        }
        Element signature = (Element) document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").item(0);
        DOMValidateContext context = new DOMValidateContext(key, signature);
        return XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context).validate(context);
    }

    private static void sign(Document document, XMLSignatureFactory factory, Reference reference,
            TestPki.Credential credential, Element parent) throws Exception {
        SignedInfo signedInfo = factory.newSignedInfo(
                factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(reference));
        KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
        KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(credential.certificate()))));
        factory.newXMLSignature(signedInfo, keyInfo).sign(new DOMSignContext(credential.privateKey(), parent));
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static byte[] serialize(Document document) throws Exception {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        javax.xml.transform.Transformer transformer = factory.newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static Element header(Document document) {
        return (Element) document.getElementsByTagNameNS(TestPackages.EDXML_NS, "edXMLHeader").item(0);
    }

    private static Element messageHeader(Document document) {
        return (Element) document.getElementsByTagNameNS(TestPackages.EDXML_NS, "MessageHeader").item(0);
    }
}
