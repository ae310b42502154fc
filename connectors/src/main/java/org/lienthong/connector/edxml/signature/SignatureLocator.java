package org.lienthong.connector.edxml.signature;

import org.lienthong.connector.xml.SecureXml;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * First pass: streams the package up to the end of its signature and copies that one element into a small DOM.
 * The DOM also gets the signature's ancestors as empty elements carrying their namespace declarations and
 * {@code xml:*} attributes, which is exactly the context canonicalization of {@code SignedInfo} can see (inclusive
 * c14n inherits both; exclusive c14n the namespaces it uses). Nothing else of the package is kept.
 */
final class SignatureLocator {

    /** A real signature with a short certificate chain is a few KB; this bounds what a hostile one can make us hold. */
    static final int MAX_SIGNATURE_CHARS = 256 * 1024;
    static final int MAX_SIGNATURE_NODES = 2_000;

    private SignatureLocator() {
    }

    /**
     * The ds:Signature element of the package's header, or empty when the package has no signature at all. A
     * signature elsewhere is refused. Reads only up to the end of the signature when there is one.
     */
    static Optional<Element> locate(InputStream in) throws XMLStreamException, Refusal {
        XMLStreamReader reader = SecureXml.streamReader(in);
        try {
            PackageStructure structure = new PackageStructure();
            Deque<Context> ancestors = new ArrayDeque<>();
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> throw doctypeRefused();
                    case XMLStreamConstants.START_ELEMENT -> {
                        switch (structure.enter(reader.getNamespaceURI(), reader.getLocalName())) {
                            case SIGNATURE_IN_HEADER -> {
                                return Optional.of(copySignature(reader, ancestors));
                            }
                            case SIGNATURE_ELSEWHERE -> throw Refusal.invalid("the signature must be a child of edXMLHeader");
                            case OTHER -> ancestors.push(Context.of(reader));
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        structure.leave();
                        ancestors.pop();
                    }
                    default -> {
                        // text, comments and PIs outside the signature are not needed here
                    }
                }
            }
            structure.finish();
            return Optional.empty();
        } finally {
            reader.close();
        }
    }

    static Refusal doctypeRefused() {
        return Refusal.malformed("a DOCTYPE is not allowed in an edXML package");
    }

    /** Namespace declarations and xml:* attributes of an ancestor: all that c14n of a descendant can inherit. */
    private record Context(String namespace, String name, List<String[]> declarations, List<String[]> xmlAttributes) {

        static Context of(XMLStreamReader reader) {
            List<String[]> xmlAttributes = new ArrayList<>(0);
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                if (XMLConstants.XML_NS_URI.equals(reader.getAttributeNamespace(i))) {
                    xmlAttributes.add(new String[] {"xml:" + reader.getAttributeLocalName(i), reader.getAttributeValue(i)});
                }
            }
            return new Context(reader.getNamespaceURI(), qualifiedName(reader.getPrefix(), reader.getLocalName()),
                    namespaceDeclarations(reader), xmlAttributes);
        }

        Element toElement(Document document) {
            Element element = document.createElementNS(emptyToNull(namespace), name);
            declareNamespaces(element, declarations);
            for (String[] attribute : xmlAttributes) {
                element.setAttributeNS(XMLConstants.XML_NS_URI, attribute[0], attribute[1]);
            }
            return element;
        }
    }

    private static Element copySignature(XMLStreamReader reader, Deque<Context> ancestors) throws XMLStreamException, Refusal {
        Document document = SecureXml.documentBuilder(SecureXml.Limits.DEFAULT).newDocument();
        Node parent = document;
        for (Iterator<Context> outermostFirst = ancestors.descendingIterator(); outermostFirst.hasNext(); ) {
            parent = parent.appendChild(outermostFirst.next().toElement(document));
        }
        Element signature = null;
        int depth = 0;
        int chars = 0;
        int nodes = 0;
        int event = XMLStreamConstants.START_ELEMENT;
        while (true) {
            if (++nodes > MAX_SIGNATURE_NODES) {
                throw Refusal.invalid("the signature element is too large");
            }
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    Element element = document.createElementNS(emptyToNull(reader.getNamespaceURI()),
                            qualifiedName(reader.getPrefix(), reader.getLocalName()));
                    declareNamespaces(element, namespaceDeclarations(reader));
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        chars += reader.getAttributeValue(i).length();
                        element.setAttributeNS(emptyToNull(reader.getAttributeNamespace(i)),
                                qualifiedName(reader.getAttributePrefix(i), reader.getAttributeLocalName(i)),
                                reader.getAttributeValue(i));
                    }
                    parent = parent.appendChild(element);
                    if (signature == null) {
                        signature = element;
                    }
                    depth++;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    parent = parent.getParentNode();
                    if (--depth == 0) {
                        return signature;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    chars += reader.getTextLength();
                    parent.appendChild(document.createTextNode(reader.getText()));
                }
                case XMLStreamConstants.COMMENT -> {
                    chars += reader.getTextLength();
                    parent.appendChild(document.createComment(reader.getText()));
                }
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                    chars += reader.getPITarget().length() + (reader.getPIData() == null ? 0 : reader.getPIData().length());
                    parent.appendChild(document.createProcessingInstruction(reader.getPITarget(),
                            reader.getPIData() == null ? "" : reader.getPIData()));
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw Refusal.malformed("entity references are not allowed");
                default -> {
                    // nothing else can occur inside an element
                }
            }
            if (chars > MAX_SIGNATURE_CHARS) {
                throw Refusal.invalid("the signature element is too large");
            }
            event = reader.next();
        }
    }

    private static List<String[]> namespaceDeclarations(XMLStreamReader reader) {
        List<String[]> declarations = new ArrayList<>(reader.getNamespaceCount());
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            String prefix = reader.getNamespacePrefix(i);
            String uri = reader.getNamespaceURI(i);
            declarations.add(new String[] {prefix == null ? "" : prefix, uri == null ? "" : uri});
        }
        return declarations;
    }

    private static void declareNamespaces(Element element, List<String[]> declarations) {
        for (String[] declaration : declarations) {
            String name = declaration[0].isEmpty() ? "xmlns" : "xmlns:" + declaration[0];
            element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, name, declaration[1]);
        }
    }

    private static String qualifiedName(String prefix, String localName) {
        return prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName;
    }

    private static String emptyToNull(String namespace) {
        return namespace == null || namespace.isEmpty() ? null : namespace;
    }
}
