package org.lienthong.connector.edxml;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;

import org.lienthong.connector.xml.SecureXml;
import org.xml.sax.ErrorHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Hands the events of the reader's one StAX pass to the schema validator as SAX events, so the package is
 * parsed once and validated as it streams. The reader decides which text the validator sees: never an
 * attachment's base64 and at most a capped prefix of other text, so the validator holds no large string.
 */
final class ValidatorFeed {

    private final ValidatorHandler validator;
    private final XMLStreamReader xml;
    private final AttributesImpl attributes = new AttributesImpl();

    ValidatorFeed(Schema schema, XMLStreamReader xml) {
        this.xml = xml;
        this.validator = SecureXml.validatorHandler(schema);
        validator.setErrorHandler(FIRST_ERROR_THROWS);
        validator.setDocumentLocator(new StreamLocator(xml));
    }

    void startDocument() throws SAXException {
        validator.startDocument();
    }

    void endDocument() throws SAXException {
        validator.endDocument();
    }

    /** The current START_ELEMENT, with the namespace declarations it makes. */
    void startElement() throws SAXException {
        for (int i = 0; i < xml.getNamespaceCount(); i++) {
            validator.startPrefixMapping(orEmpty(xml.getNamespacePrefix(i)), orEmpty(xml.getNamespaceURI(i)));
        }
        attributes.clear();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String prefix = orEmpty(xml.getAttributePrefix(i));
            String local = xml.getAttributeLocalName(i);
            attributes.addAttribute(orEmpty(xml.getAttributeNamespace(i)), local,
                    prefix.isEmpty() ? local : prefix + ':' + local, xml.getAttributeType(i), xml.getAttributeValue(i));
        }
        validator.startElement(orEmpty(xml.getNamespaceURI()), xml.getLocalName(), qualifiedName(), attributes);
    }

    /** The current END_ELEMENT; StAX reports the declarations going out of scope here. */
    void endElement() throws SAXException {
        validator.endElement(orEmpty(xml.getNamespaceURI()), xml.getLocalName(), qualifiedName());
        for (int i = 0; i < xml.getNamespaceCount(); i++) {
            validator.endPrefixMapping(orEmpty(xml.getNamespacePrefix(i)));
        }
    }

    void characters(char[] text, int start, int length) throws SAXException {
        if (length > 0) {
            validator.characters(text, start, length);
        }
    }

    private String qualifiedName() {
        String prefix = orEmpty(xml.getPrefix());
        return prefix.isEmpty() ? xml.getLocalName() : prefix + ':' + xml.getLocalName();
    }

    private static String orEmpty(String text) {
        return text == null ? XMLConstants.NULL_NS_URI : text;
    }

    /** Stops at the first schema error: the sender gets one clear problem, and nothing more is read. */
    private static final ErrorHandler FIRST_ERROR_THROWS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // schema warnings do not make a message invalid
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };

    /** The StAX position, for the validator's own error locations. */
    private record StreamLocator(XMLStreamReader xml) implements Locator {
        @Override
        public String getPublicId() {
            return null;
        }

        @Override
        public String getSystemId() {
            return null;
        }

        @Override
        public int getLineNumber() {
            Location at = xml.getLocation();
            return at == null ? -1 : at.getLineNumber();
        }

        @Override
        public int getColumnNumber() {
            Location at = xml.getLocation();
            return at == null ? -1 : at.getColumnNumber();
        }
    }
}
