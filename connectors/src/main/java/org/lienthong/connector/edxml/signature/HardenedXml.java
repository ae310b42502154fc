package org.lienthong.connector.edxml.signature;

import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;

/**
 * The XML parsers of this package, locked down: no DTD processing (a DOCTYPE is refused by the callers as soon as
 * the parser reports it), no external entities or resources, JDK limits on depth and attribute count. Text is
 * reported in chunks (not coalesced) so a 150 MB base64 attachment streams through in small pieces. Uses the JDK's
 * own StAX implementation whatever else is on the class path, so behaviour and limits do not change with it.
 *
 * <p>To be replaced by the project's shared hardened factory when it exists; it must keep these properties.
 */
final class HardenedXml {

    /** edXML nests a handful of levels; a deep document is an attack on the parser, not a package. */
    static final int MAX_ELEMENT_DEPTH = 256;
    static final int MAX_ATTRIBUTES_PER_ELEMENT = 256;

    private HardenedXml() {
    }

    static XMLStreamReader streamReader(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        factory.setProperty("jdk.xml.elementAttributeLimit", MAX_ATTRIBUTES_PER_ELEMENT);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed");
        });
        return factory.createXMLStreamReader(in);
    }

    /** An empty DOM document to build the (small) signature element into; nothing is ever parsed into DOM. */
    static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM implementation refuses secure settings", e);
        }
    }
}
