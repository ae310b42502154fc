package org.lienthong.connector.edxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lienthong.connector.xml.SecureXml;
import org.lienthong.connector.xml.SecureXml.Limits;
import org.lienthong.connector.xml.SecureXml.Reason;
import org.lienthong.connector.xml.SecureXml.XmlRefusedException;
import org.w3c.dom.Document;

import com.sun.net.httpserver.HttpServer;

/**
 * The hardened XML factory refuses the classic attacks quickly, without touching the network or the file
 * system and without running out of memory. A local HTTP server counts every fetch an attack would cause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecureXmlTest {

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private String url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            byte[] body = "<!ENTITY leaked 'fetched'>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        assertThat(fetches).as("fetches from the network").hasValue(0);
    }

    /** Refusals name the problem for the sender; parser class names and JAXP codes stay out. */
    static void assertNoParserInternals(String message) {
        assertThat(message).doesNotContain("JAXP", "com.sun", "org.apache", "Exception", "cvc-", "http://apache.org",
                "http://xml.org");
    }

    private List<String> attacks() {
        return List.of(
                "<!DOCTYPE a><a/>",
                "<!DOCTYPE a SYSTEM '" + url + "'><a>&leaked;</a>",
                "<!DOCTYPE a [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><a>&xxe;</a>",
                "<!DOCTYPE a [<!ENTITY xxe SYSTEM '" + url + "'>]><a>&xxe;</a>",
                "<!DOCTYPE a [<!ENTITY % p SYSTEM '" + url + "'> %p;]><a>&leaked;</a>",
                billionLaughs());
    }

    // ---------------------------------------------------------------- StAX

    @Test
    void streamReaderRefusesEveryDoctypeBeforeResolvingAnything() {
        for (String attack : attacks()) {
            assertThatThrownBy(() -> drain(SecureXml.streamReader(utf8(attack))))
                    .as(attack.substring(0, Math.min(60, attack.length())))
                    .isInstanceOfSatisfying(XmlRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.DOCTYPE);
                        assertThat(e.getMessage()).startsWith("a DOCTYPE declaration is not accepted");
                        assertNoParserInternals(e.getMessage());
                    });
        }
    }

    @Test
    void streamReaderRefusesUndeclaredEntityReference() {
        assertThatThrownBy(() -> drain(SecureXml.streamReader(utf8("<a>&xxe;</a>"))))
                .isInstanceOfSatisfying(XmlRefusedException.class,
                        e -> assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.ENTITY_REFERENCE));
    }

    @Test
    void streamReaderRefusesHundredThousandLevelsOfNesting() {
        assertThatThrownBy(() -> drain(SecureXml.streamReader(deeplyNested(100_000))))
                .isInstanceOfSatisfying(XmlRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP);
                    assertThat(e.getMessage()).startsWith("elements are nested deeper than 256 levels");
                });
    }

    @Test
    void streamReaderAcceptsNestingUpToTheLimit() throws Exception {
        assertThat(drain(SecureXml.streamReader(deeplyNested(256)))).isEqualTo(256);
    }

    @Test
    void streamReaderCountsElementsAndAttributes() {
        Limits small = new Limits(10, 5, 2);
        assertThatThrownBy(() -> drain(SecureXml.streamReader(utf8("<a><b/><b/><b/><b/><b/></a>"), small)))
                .isInstanceOfSatisfying(XmlRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ELEMENTS));
        assertThatThrownBy(() -> drain(SecureXml.streamReader(utf8("<a x='1' y='2' z='3'/>"), small)))
                .isInstanceOfSatisfying(XmlRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ATTRIBUTES));
    }

    @Test
    void streamReaderRefusesMalformedXmlWithoutParserWording() {
        assertThatThrownBy(() -> drain(SecureXml.streamReader(utf8("<a><b></a>"))))
                .isInstanceOfSatisfying(XmlRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
                    assertThat(e.getMessage()).isEqualTo("not well-formed XML (line 1, column 9)");
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    void streamReaderKeepsPredefinedEntitiesAndCharacterReferences() throws Exception {
        XMLStreamReader reader = SecureXml.streamReader(utf8("<a>x &amp; y&#13;&#10;&lt;z&gt;</a>"));
        reader.nextTag();
        assertThat(reader.getElementText()).isEqualTo("x & y\r\n<z>");
    }

    @Test
    void streamReaderHandsLargeTextOverInChunks() throws Exception {
        // Not coalescing: an attachment's megabytes of base64 never become one string.
        String text = "A".repeat(1_000_000);
        XMLStreamReader reader = SecureXml.streamReader(utf8("<a>" + text + "</a>"));
        int largest = 0;
        long total = 0;
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.CHARACTERS) {
                largest = Math.max(largest, reader.getTextLength());
                total += reader.getTextLength();
            }
        }
        assertThat(total).isEqualTo(text.length());
        assertThat(largest).isLessThan(100_000);
    }

    @Test
    void streamReaderDoesNotCloseTheCallersStream() throws Exception {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream("<a/>".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        XMLStreamReader reader = SecureXml.streamReader(in);
        drain(reader);
        reader.close();
        // The JDK parser closes its input at the end of the document; callers that must keep the stream
        // open (EdxmlReader) shield it. This documents the JDK behaviour the reader relies on shielding.
        assertThat(closed[0]).isTrue();
    }

    // ---------------------------------------------------------------- DOM

    @Test
    void domRefusesEveryDoctype() {
        for (String attack : attacks()) {
            assertThatThrownBy(() -> SecureXml.parseDocument(utf8(attack)))
                    .isInstanceOfSatisfying(XmlRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.DOCTYPE);
                        assertNoParserInternals(e.getMessage());
                    });
        }
    }

    @Test
    void domRefusesHundredThousandLevelsOfNesting() {
        assertThatThrownBy(() -> SecureXml.parseDocument(deeplyNested(100_000)))
                .isInstanceOfSatisfying(XmlRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PARSER_LIMIT);
                    assertNoParserInternals(e.getMessage());
                });
    }

    @Test
    void domParsesOrdinaryXmlNamespaceAware() throws Exception {
        Document document = SecureXml.parseDocument(utf8("<e:a xmlns:e='urn:e'>&amp;</e:a>"));
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("urn:e");
        assertThat(document.getDocumentElement().getTextContent()).isEqualTo("&");
    }

    @Test
    void domParsesTheSignedSampleWithItsCharacterReferences() throws Exception {
        // the signature check parses packages with DOM; &#13; in the base64 of the signature must survive
        try (InputStream in = Files.newInputStream(EdocGolden.input("edoc-new.signed.edxml"))) {
            Document document = SecureXml.parseDocument(in);
            assertThat(document.getElementsByTagNameNS(SecureXml.XMLDSIG_NAMESPACE, "SignatureValue").item(0)
                    .getTextContent()).contains("\r\n");
        }
    }

    // ---------------------------------------------------------------- schemas, validation, transformation

    @Test
    void schemaFactoryImportsNothingFromOutside() {
        String xsd = "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:a'>"
                + "<xs:import namespace='urn:b' schemaLocation='" + url.replace("evil.dtd", "b.xsd") + "'/>"
                + "</xs:schema>";
        assertThatThrownBy(() -> SecureXml.schemaFactory().newSchema(new StreamSource(new StringReader(xsd))))
                .isInstanceOfAny(org.xml.sax.SAXException.class, IllegalStateException.class);
    }

    @Test
    void schemaFactoryRefusesDoctypeInSchema() {
        String xsd = "<!DOCTYPE xs:schema [<!ENTITY x SYSTEM '" + url + "'>]>"
                + "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>";
        assertThatThrownBy(() -> SecureXml.schemaFactory().newSchema(new StreamSource(new StringReader(xsd))))
                .isInstanceOf(org.xml.sax.SAXException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void validationFetchesNoSchemaNamedByTheInstance() throws Exception {
        String instance = Files.readString(EdocGolden.input("status-code-01.request.xml")).replace(
                "<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">",
                "<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\" "
                        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:other "
                        + url.replace("evil.dtd", "other.xsd") + "\">");
        assertThat(instance).contains("xsi:schemaLocation");
        assertThat(new EdxmlReader().read(utf8(instance))).isInstanceOf(EdxmlStatus.class);
    }

    @Test
    void plainValidatorFromTheSchemaFetchesNothingEither() throws Exception {
        String instance = "<edXMLEnvelope xmlns='" + Edxml.NAMESPACE + "' "
                + "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
                + "xsi:schemaLocation='urn:other " + url.replace("evil.dtd", "other.xsd") + "'/>";
        javax.xml.validation.Validator validator = EdxmlSchema.load().newValidator();
        // an empty envelope is invalid; what matters is that nothing was fetched to find that out
        assertThatThrownBy(() -> validator.validate(new StreamSource(new StringReader(instance))))
                .isInstanceOf(org.xml.sax.SAXParseException.class)
                .hasMessageContaining("edXMLEnvelope");
    }

    @Test
    void transformerFetchesNoExternalDtd() {
        String xml = "<!DOCTYPE a SYSTEM '" + url + "'><a>&leaked;</a>";
        assertThatThrownBy(() -> SecureXml.transformerFactory().newTransformer()
                .transform(new StreamSource(new StringReader(xml)), new StreamResult(new StringWriter())))
                .isInstanceOf(javax.xml.transform.TransformerException.class);
    }

    @Test
    void transformerSerialisesHardenedDom() throws Exception {
        Document document = SecureXml.parseDocument(utf8("<a>Hà Nội</a>"));
        StringWriter out = new StringWriter();
        SecureXml.transformerFactory().newTransformer().transform(new DOMSource(document), new StreamResult(out));
        assertThat(out.toString()).contains("<a>Hà Nội</a>");
    }

    // ---------------------------------------------------------------- through the edXML reader

    @Test
    void edxmlReaderRefusesBillionLaughsAsUnsafe(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("laughs.xml"), billionLaughs());
        assertThatThrownBy(() -> new EdxmlReader().read(file))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EdxmlException.Kind.UNSAFE_XML);
                    assertThat(e.getMessage()).startsWith("a DOCTYPE declaration is not accepted");
                });
    }

    @Test
    void edxmlReaderRefusesDeepNestingAsUnsafe() {
        // OtherInfo takes any elements (lax), so only the depth limit stops this nesting.
        InputStream nested = new SequenceInputStream(Collections.enumeration(List.of(
                utf8(EdxmlReaderTest.document("<OtherInfo>", "").replaceAll("</MessageHeader>.*", "")),
                deeplyNested(100_000))));
        assertThatThrownBy(() -> new EdxmlReader().read(nested))
                .isInstanceOfSatisfying(EdxmlException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EdxmlException.Kind.UNSAFE_XML);
                    assertThat(e.getMessage()).startsWith("elements are nested deeper than 256 levels");
                });
    }

    // ---------------------------------------------------------------- inputs

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
        for (int i = 1; i <= 9; i++) {
            String previous = "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol").append(i).append(" '").append(previous.repeat(10)).append("'>");
        }
        return dtd.append("]><lolz>&lol9;</lolz>").toString();
    }

    /** {@code <a>} nested {@code depth} levels, streamed rather than built as one string. */
    private static InputStream deeplyNested(int depth) {
        byte[] open = "<a>".getBytes(StandardCharsets.US_ASCII);
        byte[] close = "</a>".getBytes(StandardCharsets.US_ASCII);
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(repeat(open, depth)), new ByteArrayInputStream(repeat(close, depth)))));
    }

    private static byte[] repeat(byte[] bytes, int times) {
        byte[] out = new byte[bytes.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(bytes, 0, out, i * bytes.length, bytes.length);
        }
        return out;
    }

    private static InputStream utf8(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads to the end; returns the number of elements. */
    private static int drain(XMLStreamReader reader) throws Exception {
        int elements = 0;
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                elements++;
            }
        }
        return elements;
    }
}
