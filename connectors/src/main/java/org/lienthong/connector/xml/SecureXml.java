package org.lienthong.connector.xml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;

/**
 * The one hardened factory for every XML parser, validator and transformer the bus creates. Untrusted XML
 * arrives from every agency, so each factory here refuses DOCTYPE declarations, never resolves an external
 * entity, DTD or schema, and runs with the JDK's {@code jdk.xml.*} limits set well below their defaults.
 *
 * <p>The JDK's own implementations are used on purpose ({@code newDefault*}): other StAX/DOM providers on the
 * class path (CXF brings Woodstox) ignore or reject the {@code jdk.xml.*} limits set here.
 *
 * <p>{@link #streamReader} adds what the JDK parser cannot be told: a DOCTYPE is <em>refused</em> (the JDK
 * StAX parser only skips it), and depth, element count and attributes per element are counted while
 * streaming. Refusals are {@link XmlRefusedException}s whose message names the problem and never repeats
 * parser internals.
 */
public final class SecureXml {

    /** W3C XML-DSig namespace, for callers that look for {@code ds:Signature}. */
    public static final String XMLDSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#";

    // The JDK's own limit names (JDK 17 accepts the jdk.xml.* names as factory properties).
    private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";
    private static final String ELEMENT_ATTRIBUTE_LIMIT = "jdk.xml.elementAttributeLimit";
    private static final String ENTITY_EXPANSION_LIMIT = "jdk.xml.entityExpansionLimit";
    private static final String TOTAL_ENTITY_SIZE_LIMIT = "jdk.xml.totalEntitySizeLimit";
    private static final String MAX_GENERAL_ENTITY_SIZE_LIMIT = "jdk.xml.maxGeneralEntitySizeLimit";
    private static final String MAX_PARAMETER_ENTITY_SIZE_LIMIT = "jdk.xml.maxParameterEntitySizeLimit";
    private static final String ENTITY_REPLACEMENT_LIMIT = "jdk.xml.entityReplacementLimit";
    private static final String MAX_XML_NAME_LIMIT = "jdk.xml.maxXMLNameLimit";
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String XERCES_LOCALE = "http://apache.org/xml/properties/locale";

    /**
     * Limits applied while parsing.
     *
     * @param maxDepth      deepest element nesting accepted (the root is depth 1)
     * @param maxElements   most elements in one document
     * @param maxAttributes most attributes on one element (namespace declarations not counted)
     */
    public record Limits(int maxDepth, long maxElements, int maxAttributes) {

        /** 256 levels, a million elements, 64 attributes per element: far beyond any real edXML package. */
        public static final Limits DEFAULT = new Limits(256, 1_000_000, 64);

        public Limits {
            if (maxDepth < 1 || maxElements < 1 || maxAttributes < 0) {
                throw new IllegalArgumentException("XML limits must be positive");
            }
        }
    }

    /** Why a document was refused. */
    public enum Reason {
        /** A {@code <!DOCTYPE ...>}: the only way in for entity expansion and external DTD fetches. */
        DOCTYPE,
        /** A reference to an entity other than the five predefined ones. */
        ENTITY_REFERENCE,
        /** Elements nested deeper than {@link Limits#maxDepth()}. */
        TOO_DEEP,
        /** More elements than {@link Limits#maxElements()}. */
        TOO_MANY_ELEMENTS,
        /** An element with more attributes than {@link Limits#maxAttributes()}. */
        TOO_MANY_ATTRIBUTES,
        /** One of the JDK parser's own limits tripped (names, entity sizes, ...). */
        PARSER_LIMIT,
        /** Not well-formed XML (or not in a readable encoding). */
        MALFORMED
    }

    /**
     * An XML document refused before its content was looked at: unsafe constructs, limits exceeded, or not
     * well-formed. The message is written for the sender; the parser's own exception, if any, is the cause
     * (for the log, not for the answer).
     */
    public static final class XmlRefusedException extends XMLStreamException {

        private static final long serialVersionUID = 1L;

        private final Reason reason;
        private final String problem;
        private final int line;
        private final int column;

        public XmlRefusedException(Reason reason, String problem, int line, int column, Throwable cause) {
            super(problem + (line > 0 ? " (line " + line + ", column " + column + ")" : ""));
            this.reason = reason;
            this.problem = problem;
            this.line = line;
            this.column = column;
            if (cause != null) {
                initCause(cause);
            }
        }

        public Reason reason() {
            return reason;
        }

        /** The problem without its location. */
        public String problem() {
            return problem;
        }

        /** 1-based line of the offending construct, or -1 when unknown. */
        public int line() {
            return line;
        }

        /** 1-based column of the offending construct, or -1 when unknown. */
        public int column() {
            return column;
        }
    }

    private SecureXml() {
    }

    // ---------------------------------------------------------------- StAX

    /**
     * A hardened StAX factory: no DTD support, no external entities, no entity replacement, nothing resolved
     * from outside, not coalescing (large text arrives in chunks, never as one string) and the JDK limits set
     * from {@code limits}. Prefer {@link #streamReader}, which also refuses DOCTYPEs and counts.
     */
    public static XMLInputFactory inputFactory(Limits limits) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not resolved");
        });
        // One above the streaming limits: the reader's own check fires first with a clearer message.
        factory.setProperty(MAX_ELEMENT_DEPTH, String.valueOf(limits.maxDepth() + 1));
        factory.setProperty(ELEMENT_ATTRIBUTE_LIMIT, String.valueOf(limits.maxAttributes() + 1));
        setJdkEntityLimits(factory::setProperty);
        return factory;
    }

    /**
     * A StAX reader over {@code in} that refuses DOCTYPEs and entity references and enforces {@code limits}
     * event by event. Closing the reader does not close {@code in}.
     */
    public static XMLStreamReader streamReader(InputStream in, Limits limits) throws XmlRefusedException {
        try {
            return new GuardedStreamReader(inputFactory(limits).createXMLStreamReader(in), limits);
        } catch (XmlRefusedException e) {
            throw e;
        } catch (XMLStreamException e) {
            throw refusal(e);
        }
    }

    /** {@link #streamReader(InputStream, Limits)} with {@link Limits#DEFAULT}. */
    public static XMLStreamReader streamReader(InputStream in) throws XmlRefusedException {
        return streamReader(in, Limits.DEFAULT);
    }

    /**
     * Turns a parser exception met while streaming into a refusal with a sender-readable message: the JDK's
     * own limits become {@link Reason#PARSER_LIMIT}, anything else {@link Reason#MALFORMED}.
     */
    public static XmlRefusedException refusal(XMLStreamException e) {
        if (e instanceof XmlRefusedException refused) {
            return refused;
        }
        Location at = e.getLocation();
        int line = at == null ? -1 : at.getLineNumber();
        int column = at == null ? -1 : at.getColumnNumber();
        String text = String.valueOf(e.getMessage());
        if (text.contains("JAXP0001") || text.contains("JAXP0002")) {
            return new XmlRefusedException(Reason.PARSER_LIMIT, "the XML exceeds a parser limit", line, column, e);
        }
        return new XmlRefusedException(Reason.MALFORMED, "not well-formed XML", line, column, e);
    }

    /** Refuses what the JDK StAX parser lets through and counts what it cannot limit by itself. */
    private static final class GuardedStreamReader extends StreamReaderDelegate {

        private final Limits limits;
        private int depth;
        private long elements;

        GuardedStreamReader(XMLStreamReader reader, Limits limits) throws XmlRefusedException {
            super(reader);
            this.limits = limits;
            check(reader.getEventType());
        }

        @Override
        public int next() throws XMLStreamException {
            int event;
            try {
                event = super.next();
            } catch (XmlRefusedException e) {
                throw e;
            } catch (XMLStreamException e) {
                throw refusal(e);
            }
            return check(event);
        }

        // The delegate's nextTag()/getElementText() would read past next() and so past the checks.
        @Override
        public int nextTag() throws XMLStreamException {
            int event = next();
            while (event == CHARACTERS && isWhiteSpace() || event == CDATA && isWhiteSpace() || event == SPACE
                    || event == PROCESSING_INSTRUCTION || event == COMMENT) {
                event = next();
            }
            if (event != START_ELEMENT && event != END_ELEMENT) {
                throw new XmlRefusedException(Reason.MALFORMED, "expected an element", line(), column(), null);
            }
            return event;
        }

        @Override
        public String getElementText() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            int event = next();
            while (event != END_ELEMENT) {
                if (event == CHARACTERS || event == CDATA || event == SPACE) {
                    text.append(getTextCharacters(), getTextStart(), getTextLength());
                } else if (event == START_ELEMENT) {
                    throw new XmlRefusedException(Reason.MALFORMED, "expected text only, found an element",
                            line(), column(), null);
                } else if (event == END_DOCUMENT) {
                    throw new XmlRefusedException(Reason.MALFORMED, "unexpected end of document", line(), column(),
                            null);
                }
                event = next();
            }
            return text.toString();
        }

        private int check(int event) throws XmlRefusedException {
            switch (event) {
                case XMLStreamConstants.DTD -> throw new XmlRefusedException(Reason.DOCTYPE,
                        "a DOCTYPE declaration is not accepted", line(), column(), null);
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                        throw new XmlRefusedException(Reason.ENTITY_REFERENCE,
                                "entity references other than &amp; &lt; &gt; &quot; &apos; are not accepted",
                                line(), column(), null);
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    elements++;
                    if (depth > limits.maxDepth()) {
                        throw new XmlRefusedException(Reason.TOO_DEEP,
                                "elements are nested deeper than " + limits.maxDepth() + " levels", line(), column(),
                                null);
                    }
                    if (elements > limits.maxElements()) {
                        throw new XmlRefusedException(Reason.TOO_MANY_ELEMENTS,
                                "the document has more than " + limits.maxElements() + " elements", line(), column(),
                                null);
                    }
                    if (getAttributeCount() > limits.maxAttributes()) {
                        throw new XmlRefusedException(Reason.TOO_MANY_ATTRIBUTES,
                                "an element has more than " + limits.maxAttributes() + " attributes", line(),
                                column(), null);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                default -> {
                    // other events carry nothing that needs a limit
                }
            }
            return event;
        }

        private int line() {
            Location at = getLocation();
            return at == null ? -1 : at.getLineNumber();
        }

        private int column() {
            Location at = getLocation();
            return at == null ? -1 : at.getColumnNumber();
        }
    }

    // ---------------------------------------------------------------- DOM

    /**
     * A hardened DOM factory: namespace-aware, DOCTYPE disallowed, no external DTDs or entities, no XInclude,
     * entity references not expanded, secure processing and the JDK limits from {@code limits}.
     */
    public static DocumentBuilderFactory documentBuilderFactory(Limits limits) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK DOM parser does not support a required security feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setAttribute(MAX_ELEMENT_DEPTH, String.valueOf(limits.maxDepth()));
        factory.setAttribute(ELEMENT_ATTRIBUTE_LIMIT, String.valueOf(limits.maxAttributes()));
        setJdkEntityLimits(factory::setAttribute);
        return factory;
    }

    /**
     * A hardened {@link DocumentBuilder} that reports errors only by throwing (the JDK default also prints
     * them to stderr) and resolves no entity.
     */
    public static DocumentBuilder documentBuilder(Limits limits) {
        try {
            DocumentBuilder builder = documentBuilderFactory(limits).newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external resources are not resolved");
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("cannot configure the JDK DOM parser", e);
        }
    }

    /**
     * Parses {@code in} into a DOM with {@link Limits#DEFAULT}. Holds the whole document in memory: for
     * small documents only (large edXML packages are streamed).
     */
    public static Document parseDocument(InputStream in) throws IOException, XmlRefusedException {
        return parseDocument(in, Limits.DEFAULT);
    }

    /** Parses {@code in} into a DOM with {@code limits}, mapping parser errors to refusals. */
    public static Document parseDocument(InputStream in, Limits limits) throws IOException, XmlRefusedException {
        try {
            return documentBuilder(limits).parse(in);
        } catch (SAXParseException e) {
            throw refusal(e, e.getLineNumber(), e.getColumnNumber());
        } catch (SAXException e) {
            throw refusal(e, -1, -1);
        }
    }

    private static XmlRefusedException refusal(SAXException e, int line, int column) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("DOCTYPE")) {
            return new XmlRefusedException(Reason.DOCTYPE, "a DOCTYPE declaration is not accepted", line, column, e);
        }
        if (text.contains("JAXP0001") || text.contains("JAXP0002")) {
            return new XmlRefusedException(Reason.PARSER_LIMIT, "the XML exceeds a parser limit", line, column, e);
        }
        return new XmlRefusedException(Reason.MALFORMED, "not well-formed XML", line, column, e);
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // warnings (e.g. about unused features) change nothing for the caller
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

    // ---------------------------------------------------------------- schemas and validation

    /**
     * A hardened W3C XML Schema factory: secure processing, no DOCTYPE in schema documents, and neither
     * imports/includes nor DTDs fetched from outside. Schemas the bus uses are local resources.
     */
    public static SchemaFactory schemaFactory() {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the JDK schema factory does not support a required security setting", e);
        }
        factory.setResourceResolver((type, namespaceUri, publicId, systemId, baseUri) -> {
            throw new IllegalStateException("schemas do not import or include other documents");
        });
        return factory;
    }

    /** Compiles the schema at {@code xsd} (a class path resource) with {@link #schemaFactory()}. */
    public static Schema schema(URL xsd) {
        try {
            return schemaFactory().newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("invalid schema " + xsd, e);
        }
    }

    /**
     * A validator for SAX events, hardened like the factories (nothing fetched from outside, even when the
     * instance names {@code xsi:schemaLocation}) and reporting in English whatever the JVM's locale.
     */
    public static ValidatorHandler validatorHandler(Schema schema) {
        ValidatorHandler handler = schema.newValidatorHandler();
        try {
            handler.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            handler.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            handler.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the JDK validator does not support a required security setting", e);
        }
        try {
            handler.setProperty(XERCES_LOCALE, Locale.ENGLISH);
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            // messages then follow the JVM locale; they are cleaned before anyone sees them
        }
        handler.setResourceResolver((type, namespaceUri, publicId, systemId, baseUri) -> {
            throw new IllegalStateException("instance documents cannot name schemas to load");
        });
        return handler;
    }

    /**
     * A validator hardened like {@link #validatorHandler}. Validate a {@code StAXSource} over
     * {@link #streamReader} or a {@code DOMSource} from {@link #parseDocument}: given a {@code StreamSource},
     * the validator would parse with its own parser, which accepts a DOCTYPE.
     */
    public static Validator validator(Schema schema) {
        Validator validator = schema.newValidator();
        try {
            validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the JDK validator does not support a required security setting", e);
        }
        try {
            validator.setProperty(XERCES_LOCALE, Locale.ENGLISH);
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            // messages then follow the JVM locale
        }
        validator.setResourceResolver((type, namespaceUri, publicId, systemId, baseUri) -> {
            throw new IllegalStateException("instance documents cannot name schemas to load");
        });
        return validator;
    }

    // ---------------------------------------------------------------- XSLT / serialisation

    /**
     * A hardened transformer factory: secure processing, and neither DTDs nor stylesheets fetched from
     * outside. Give its transformers a {@code DOMSource} or {@code StAXSource} built by this class, so the
     * input is parsed by a hardened parser too.
     */
    public static TransformerFactory transformerFactory() {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("the JDK transformer does not support secure processing", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        factory.setURIResolver((href, base) -> {
            throw new javax.xml.transform.TransformerException("external resources are not resolved");
        });
        return factory;
    }

    // ---------------------------------------------------------------- shared

    private interface PropertySetter {
        void set(String name, Object value);
    }

    /** No DTD is accepted, so no entity is ever declared; these are the backstop if one slips through. */
    private static void setJdkEntityLimits(PropertySetter setter) {
        // 0 means "no limit" to the JDK, so the smallest real limit is 1.
        setter.set(ENTITY_EXPANSION_LIMIT, "1");
        setter.set(TOTAL_ENTITY_SIZE_LIMIT, "1024");
        setter.set(MAX_GENERAL_ENTITY_SIZE_LIMIT, "1024");
        setter.set(MAX_PARAMETER_ENTITY_SIZE_LIMIT, "1024");
        setter.set(ENTITY_REPLACEMENT_LIMIT, "1024");
        setter.set(MAX_XML_NAME_LIMIT, "1000");
    }
}
