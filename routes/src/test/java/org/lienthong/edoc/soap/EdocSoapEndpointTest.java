package org.lienthong.edoc.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.MTOMFeature;
import org.apache.cxf.message.Message;
import org.apache.cxf.spring.boot.autoconfigure.CxfAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.connector.soap.contract.AgencyInfo;
import org.lienthong.connector.soap.contract.Edoc;
import org.lienthong.connector.soap.contract.EdocEntry;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocReceipt;
import org.lienthong.connector.soap.contract.EdocService;
import org.lienthong.connector.soap.contract.MailboxStatus;
import org.lienthong.connector.soap.contract.SentEdoc;
import org.lienthong.ops.SecurityConfiguration;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.OpsAccount;
import org.lienthong.web.soap.SoapAuthentication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SOAP e-Doc endpoint in a small Spring Boot application: Tomcat on a random port, the CXF starter's servlet
 * at {@code /services}, the node's own Spring Security chains, {@link EdocSoapConfiguration} as the node imports
 * it, a real registry file, and a {@link FakeEdocMailbox}. Clients are the classes generated from the WSDL.
 */
@SpringBootTest(classes = EdocSoapEndpointTest.SoapNode.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdocSoapEndpointTest {

    static final String SENDER = "T01";
    static final String SENDER_KEY = "key-t01";
    static final String RECIPIENT = "T06";
    static final String RECIPIENT_KEY = "key-t06";
    static final String OTHER = "T07";
    static final String OTHER_KEY = "key-t07";
    static final Path DATA_DIR = tempDir();
    // parser limits of the node under test: smaller than the defaults, so crossing them is cheap
    static final int MAX_DEPTH = 24;
    static final int MAX_CHILDREN = 500;
    static final int MAX_ELEMENTS = 3000;
    static final int MAX_ATTRIBUTES = 16;
    static final int MAX_ATTRIBUTE_SIZE = 1024;
    static final int MAX_TEXT = 100_000;
    static final int MAX_XML_CHARACTERS = 300_000;
    static final String TRACE = "<x:trace xmlns:x=\"urn:example:trace\"";

    @SpringBootConfiguration
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, CxfAutoConfiguration.class, SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class, EndpointAutoConfiguration.class,
            WebEndpointAutoConfiguration.class})
    @EnableConfigurationProperties(LienthongProperties.class)
    @Import({EdocSoapConfiguration.class, SecurityConfiguration.class})
    static class SoapNode {

        @Bean(initMethod = "start", destroyMethod = "stop")
        RegistryService registryService() {
            return new RegistryService(writeRegistry(), DATA_DIR, Duration.ofMinutes(1), Clock.systemUTC());
        }

        @Bean
        OpsAccount opsAccount() {
            return new OpsAccount("ops", "test-ops-password");
        }

        @Bean
        FakeEdocMailbox edocMailbox() {
            return new FakeEdocMailbox(Clock.systemUTC());
        }
    }

    @DynamicPropertySource
    static void nodeProperties(DynamicPropertyRegistry registry) {
        registry.add("lienthong.data-dir", DATA_DIR::toString);
        registry.add("lienthong.soap.edoc.max-package-size", () -> "8MB");
        registry.add("lienthong.soap.edoc.attachment-memory-threshold", () -> "64KB");
        registry.add("lienthong.soap.edoc.stax.max-element-depth", () -> MAX_DEPTH);
        registry.add("lienthong.soap.edoc.stax.max-child-elements", () -> MAX_CHILDREN);
        registry.add("lienthong.soap.edoc.stax.max-element-count", () -> MAX_ELEMENTS);
        registry.add("lienthong.soap.edoc.stax.max-attribute-count", () -> MAX_ATTRIBUTES);
        registry.add("lienthong.soap.edoc.stax.max-attribute-size", () -> MAX_ATTRIBUTE_SIZE);
        registry.add("lienthong.soap.edoc.stax.max-text-length", () -> MAX_TEXT);
        registry.add("lienthong.soap.edoc.stax.max-xml-characters", () -> MAX_XML_CHARACTERS);
        registry.add("management.server.port", () -> "-1");
    }

    @LocalServerPort
    int port;

    @Autowired
    FakeEdocMailbox mailbox;

    @Autowired
    EdocSoapProperties properties;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // ------------------------------------------------------------------ the contract

    @Test
    void theWsdlIsServedWithoutAKeyAndNamesThisAddress() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("targetNamespace=\"urn:lienthong:edoc:v1\"")
                .contains("name=\"sendEdoc\"", "name=\"sendStatus\"", "name=\"getReceivedEdocList\"",
                        "name=\"getEdoc\"", "name=\"getSentEdocList\"", "name=\"updateStatus\"",
                        "name=\"getAgenciesList\"", "name=\"edocFault\"")
                .contains("location=\"" + url() + "\"");
    }

    // ------------------------------------------------------------------ the mailbox cycle

    @Test
    void anAgencySendsAPackageAndTheRecipientListsFetchesAcknowledgesItAndTheSenderSeesItDelivered() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        byte[] edxml = bigPackage(RECIPIENT, "Công văn về việc liên thông văn bản điện tử", 3 * 1024 * 1024);
        EdocPortType sender = client(SENDER_KEY);

        EdocReceipt receipt = sender.sendEdoc(new DataHandler(new ByteDataSource(edxml)));

        assertThat(receipt.getMessageId()).isNotBlank();
        assertThat(receipt.getDocumentId()).isEqualTo("000.00.00.G22,2025/03/14,12/VPCP-TTĐT");
        assertThat(receipt.getRecipient()).containsExactly(RECIPIENT);
        assertThat(receipt.isDuplicate()).isFalse();
        FakeEdocMailbox.SendCall call = mailbox.sendCalls.stream()
                .filter(c -> c.bytesRead() == edxml.length).findFirst().orElseThrow();
        assertThat(call.sender()).isEqualTo(SENDER);
        // the attachment reached the mailbox as a stream (capped), not as a byte array the edge had filled
        assertThat(call.streamType()).isEqualTo("CappedInputStream");

        EdocPortType recipient = client(RECIPIENT_KEY);
        List<EdocEntry> waiting = recipient.getReceivedEdocList(null);
        EdocEntry entry = waiting.stream().filter(e -> e.getMessageId().equals(receipt.getMessageId()))
                .findFirst().orElseThrow();
        assertThat(entry.getType()).isEqualTo("edoc");
        assertThat(entry.getFrom()).isEqualTo(SENDER);
        assertThat(entry.getDocumentId()).isEqualTo(receipt.getDocumentId());
        assertThat(entry.getSubject()).isEqualTo("Công văn về việc liên thông văn bản điện tử");
        assertThat(entry.getSize()).isEqualTo(edxml.length);
        assertThat(entry.getCreatedAt()).isAfter(before);

        Edoc edoc = recipient.getEdoc(receipt.getMessageId());
        assertThat(edoc.getEntry().getMessageId()).isEqualTo(receipt.getMessageId());
        byte[] fetched;
        try (InputStream in = edoc.getEdxml().getInputStream()) {
            fetched = in.readAllBytes();
        }
        assertThat(sha256(fetched)).isEqualTo(sha256(edxml));
        assertThat(fetched).isEqualTo(edxml);
        assertThat(mailbox.openBodies.get()).as("the mailbox's package stream was closed").isZero();

        recipient.updateStatus(receipt.getMessageId(), MailboxStatus.DONE, null);

        assertThat(mailbox.acknowledgements).contains(receipt.getMessageId() + " " + RECIPIENT + " DONE");
        assertThat(recipient.getReceivedEdocList(10)).extracting(EdocEntry::getMessageId)
                .doesNotContain(receipt.getMessageId());

        List<SentEdoc> sent = sender.getSentEdocList(before, 10);
        SentEdoc mine = sent.stream().filter(s -> s.getMessageId().equals(receipt.getMessageId()))
                .findFirst().orElseThrow();
        assertThat(mine.getType()).isEqualTo("edoc");
        assertThat(mine.getSubject()).isEqualTo("Công văn về việc liên thông văn bản điện tử");
        assertThat(mine.getRecipient()).singleElement().satisfies(r -> {
            assertThat(r.getTo()).isEqualTo(RECIPIENT);
            assertThat(r.getDelivery()).isEqualTo("DELIVERED");
            assertThat(r.getBusinessStatus()).isNull();
        });
    }

    @Test
    void aStatusPacketGoesThroughSendStatusAndProcessingKeepsItInTheMailbox() throws Exception {
        String packet = """
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader><MessageHeader>
                  <From><OrganId>T06</OrganId></From>
                  <ResponseFor><OrganId>T01</OrganId><DocumentId>000.00.00.G22,2025/03/14,12/VPCP-TTĐT</DocumentId></ResponseFor>
                  <StatusCode>03</StatusCode><Description>Đã tiếp nhận</Description>
                </MessageHeader></edXMLHeader></edXMLEnvelope>
                """;
        EdocReceipt receipt = client(RECIPIENT_KEY).sendStatus(
                new DataHandler(new ByteDataSource(packet.getBytes(StandardCharsets.UTF_8))));

        assertThat(receipt.getRecipient()).containsExactly(SENDER);
        EdocPortType sender = client(SENDER_KEY);
        assertThat(sender.getReceivedEdocList(1000)).filteredOn(e -> e.getMessageId().equals(receipt.getMessageId()))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("edoc-status"));

        sender.updateStatus(receipt.getMessageId(), MailboxStatus.PROCESSING, "đang xử lý");

        assertThat(mailbox.acknowledgements).contains(receipt.getMessageId() + " " + SENDER + " PROCESSING đang xử lý");
        assertThat(sender.getReceivedEdocList(1000)).extracting(EdocEntry::getMessageId).contains(receipt.getMessageId());
    }

    @Test
    void anotherAgencyCannotFetchSomeoneElsesPackage() throws Exception {
        EdocReceipt receipt = client(SENDER_KEY).sendEdoc(new DataHandler(new ByteDataSource(
                smallPackage(RECIPIENT, "Riêng cho T06"))));

        EdocFault fault = catchThrowableOfType(EdocFault.class, () -> client(OTHER_KEY).getEdoc(receipt.getMessageId()));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("NOT_FOUND");
        assertThat(client(OTHER_KEY).getSentEdocList(null, null)).isEmpty();
        assertThat(client(SENDER_KEY).getSentEdocList(null, null)).extracting(SentEdoc::getMessageId)
                .contains(receipt.getMessageId());
    }

    @Test
    void theAgencyListHasNoSecrets() throws Exception {
        List<AgencyInfo> agencies = client(OTHER_KEY).getAgenciesList();

        assertThat(agencies).extracting(AgencyInfo::getCode).contains(SENDER, RECIPIENT, OTHER);
        AgencyInfo sender = agencies.stream().filter(a -> a.getCode().equals(SENDER)).findFirst().orElseThrow();
        assertThat(sender.getName()).isEqualTo("Văn phòng thử nghiệm (gửi)");
        assertThat(sender.getConnector()).isEqualTo("mailbox");
        assertThat(sender.getAccepts()).contains("edoc", "edoc-status");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aMissingOrWrongKeyIsRefusedAsUnauthenticatedWithoutReachingTheMailbox() throws Exception {
        int callsBefore = mailbox.calls.get();

        for (EdocPortType caller : List.of(client(null), client("not-a-key"), clientWithAuthorization("key-t01"),
                clientWithAuthorization("Basic " + Base64.getEncoder().encodeToString("ops:test-ops-password"
                        .getBytes(StandardCharsets.UTF_8))))) {
            EdocFault fault = catchThrowableOfType(EdocFault.class, () -> caller.getReceivedEdocList(null));
            assertThat(fault.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(fault.getFaultInfo().getMessage()).isEqualTo(SoapAuthentication.REFUSAL);
        }
        EdocFault upload = catchThrowableOfType(EdocFault.class, () -> client("not-a-key")
                .sendEdoc(new DataHandler(new ByteDataSource(smallPackage(RECIPIENT, "x")))));
        assertThat(upload.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");

        assertThat(mailbox.calls.get()).isEqualTo(callsBefore);
        Fault raw = rawCall(null, envelope("<e:getReceivedEdocList/>"));
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aRefusalOfTheMailboxIsAClientFaultWithItsProblemCode() throws Exception {
        EdocFault fault = catchThrowableOfType(EdocFault.class, () -> client(SENDER_KEY).sendEdoc(
                new DataHandler(new ByteDataSource(smallPackage(RECIPIENT, "!INVALID-SIGNATURE!")))));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("INVALID_SIGNATURE");
        assertThat(fault.getFaultInfo().getMessage()).isEqualTo("Chữ ký số của gói tin không hợp lệ");

        Fault raw = rawCall(SENDER_KEY, envelope("<e:sendEdoc><e:edxml>"
                + Base64.getEncoder().encodeToString(smallPackage(RECIPIENT, "!INVALID-SIGNATURE!"))
                + "</e:edxml></e:sendEdoc>"));
        assertThat(raw.status()).isEqualTo(500);
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_SIGNATURE");
    }

    @Test
    void anUnexpectedFailureIsAServerFaultThatGivesNothingAway() throws Exception {
        Fault raw = rawCall(SENDER_KEY, envelope("<e:sendEdoc><e:edxml>"
                + Base64.getEncoder().encodeToString(smallPackage(RECIPIENT, "!BOOM!")) + "</e:edxml></e:sendEdoc>"));

        assertThat(raw.faultCode()).isEqualTo("soap:Server");
        assertThat(raw.code()).isEqualTo("INTERNAL");
        assertThat(raw.body()).doesNotContain("com.example", "/var/lib", "Exception", "at org.", "stackTrace");
    }

    @Test
    void aLimitOutOfRangeIsAClientFault() throws Exception {
        EdocFault fault = catchThrowableOfType(EdocFault.class, () -> client(RECIPIENT_KEY).getReceivedEdocList(5000));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(fault.getFaultInfo().getMessage()).contains("between 1 and 1000");
    }

    @Test
    void anOverlongAcknowledgementReasonIsAClientFault() throws Exception {
        EdocFault fault = catchThrowableOfType(EdocFault.class, () -> client(RECIPIENT_KEY)
                .updateStatus("any", MailboxStatus.FAIL, "x".repeat(EdocSoapService.MAX_REASON + 1)));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void aPackageOverTheSizeLimitIsRefusedAsPayloadTooLarge() throws Exception {
        byte[] tooBig = bigPackage(RECIPIENT, "Quá lớn", (int) properties.maxPackageSize().toBytes() + 1024);

        EdocFault fault = catchThrowableOfType(EdocFault.class,
                () -> client(SENDER_KEY).sendEdoc(new DataHandler(new ByteDataSource(tooBig))));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aHeaderWithinTheParserLimitsIsAccepted() throws Exception {
        String header = TRACE + ">" + hops(MAX_DEPTH - 6) + "<x:note a=\"" + "v".repeat(MAX_ATTRIBUTE_SIZE - 10)
                + "\">" + "v".repeat(MAX_TEXT - 10) + "</x:note></x:trace>";

        assertThat(rawCall(RECIPIENT_KEY, envelope(header, "<e:getReceivedEdocList/>")).status()).isEqualTo(200);
    }

    static Stream<Arguments> overTheParserLimits() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i <= MAX_ATTRIBUTES; i++) {
            attributes.append(" a").append(i).append("=\"v\"");
        }
        StringBuilder manyElements = new StringBuilder(TRACE + ">");
        int perHop = MAX_CHILDREN - 100; // each element within the child limit, all of them past the count
        for (int i = 0; i < MAX_ELEMENTS / perHop + 2; i++) {
            manyElements.append("<x:hop>").append("<x:leaf/>".repeat(perHop)).append("</x:hop>");
        }
        StringBuilder manyCharacters = new StringBuilder(TRACE + ">");
        for (int i = 0; i < MAX_XML_CHARACTERS / (MAX_TEXT / 2) + 1; i++) {
            manyCharacters.append("<x:note>").append("v".repeat(MAX_TEXT / 2)).append("</x:note>");
        }
        return Stream.of(
                Arguments.of("depth", TRACE + ">" + hops(MAX_DEPTH + 5) + "</x:trace>", "depth"),
                Arguments.of("children", TRACE + ">" + "<x:hop/>".repeat(MAX_CHILDREN + 5) + "</x:trace>", "child"),
                Arguments.of("elements", manyElements + "</x:trace>", "element count"),
                Arguments.of("attributes", TRACE + attributes + "/>", "attribute limit"),
                Arguments.of("attribute size", TRACE + " a=\"" + "v".repeat(MAX_ATTRIBUTE_SIZE + 10) + "\"/>",
                        "attribute size"),
                Arguments.of("text", TRACE + ">" + "v".repeat(MAX_TEXT + 10) + "</x:trace>", "text size"),
                Arguments.of("characters", manyCharacters + "</x:trace>", "document characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overTheParserLimits")
    void aSoapMessagePastAParserLimitIsRefusedBeforeTheMailbox(String limit, String header, String reason)
            throws Exception {
        int callsBefore = mailbox.calls.get();

        Fault raw = rawCall(RECIPIENT_KEY, envelope(header, "<e:getReceivedEdocList/>"));

        assertThat(raw.status()).isEqualTo(500);
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_XML");
        assertThat(raw.body()).containsIgnoringCase(reason);
        assertThat(mailbox.calls.get()).isEqualTo(callsBefore);
    }

    @Test
    void aDoctypeIsRefusedAndNoEntityIsExpanded() throws Exception {
        int callsBefore = mailbox.calls.get();
        String envelope = "<!DOCTYPE soap:Envelope [<!ENTITY lol \"lol\"><!ENTITY ext SYSTEM \"file:///etc/passwd\">]>"
                + envelope("<e:getReceivedEdocList><e:limit>&lol;</e:limit></e:getReceivedEdocList>");

        Fault raw = rawCall(RECIPIENT_KEY, envelope);

        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_XML");
        assertThat(raw.body()).doesNotContain("root:");
        assertThat(mailbox.calls.get()).isEqualTo(callsBefore);
    }

    private static String hops(int depth) {
        return "<x:hop>".repeat(depth) + "</x:hop>".repeat(depth);
    }

    @Test
    void aRequestThatDoesNotFitTheContractIsAnInvalidRequest() throws Exception {
        Fault raw = rawCall(RECIPIENT_KEY, envelope("<e:getReceivedEdocList><e:unknown/></e:getReceivedEdocList>"));

        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_REQUEST");
    }

    // ------------------------------------------------------------------ helpers

    private String url() {
        return "http://127.0.0.1:" + port + "/services" + EdocSoapConfiguration.ADDRESS;
    }

    private EdocPortType client(String key) {
        return clientWithAuthorization(key == null ? null : "Bearer " + key);
    }

    private EdocPortType clientWithAuthorization(String authorization) {
        EdocPortType port = new EdocService(EdocContract.wsdl()).getEdocPort(new MTOMFeature());
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url());
        if (authorization != null) {
            context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of(authorization)));
        }
        return port;
    }

    /** A raw SOAP answer: HTTP status, fault code, problem code and the whole body. */
    record Fault(int status, String faultCode, String code, String body) {
    }

    private Fault rawCall(String key, String envelope) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String body = response.body();
        return new Fault(response.statusCode(), between(body, "<faultcode>", "</faultcode>"),
                between(body, "<code>", "</code>"), body);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        if (from < 0) {
            // namespace-prefixed children of the detail
            int open = text.indexOf(":" + start.substring(1));
            if (open < 0) {
                return null;
            }
            from = open + start.length();
            int close = text.indexOf("</", from);
            return text.substring(from, close);
        }
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String envelope(String body) {
        return envelope("", body);
    }

    private static String envelope(String header, String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:e=\"urn:lienthong:edoc:v1\">"
                + (header.isEmpty() ? "" : "<soap:Header>" + header + "</soap:Header>")
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    static byte[] smallPackage(String to, String subject) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader><MessageHeader>
                  <From><OrganId>T01</OrganId><OrganName>Văn phòng thử nghiệm</OrganName></From>
                  <To><OrganId>%s</OrganId></To>
                  <DocumentId>000.00.00.G22,2025/03/14,12/VPCP-TTĐT</DocumentId>
                  <Subject>%s</Subject>
                </MessageHeader></edXMLHeader><edXMLBody/></edXMLEnvelope>
                """.formatted(to, subject)).getBytes(StandardCharsets.UTF_8);
    }

    /** A package with a large base64 attachment, as scanned documents make them. */
    static byte[] bigPackage(String to, String subject, int size) {
        byte[] head = ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLHeader><MessageHeader>
                  <From><OrganId>T01</OrganId><OrganName>Văn phòng thử nghiệm</OrganName></From>
                  <To><OrganId>%s</OrganId></To>
                  <DocumentId>000.00.00.G22,2025/03/14,12/VPCP-TTĐT</DocumentId>
                  <Subject>%s</Subject>
                </MessageHeader></edXMLHeader><edXMLBody/>
                <AttachmentEncoded><Attachment><ContentTransferEncoded>""".formatted(to, subject))
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "</ContentTransferEncoded></Attachment></AttachmentEncoded></edXMLEnvelope>\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[(size - head.length - tail.length) * 3 / 4];
        new Random(size).nextBytes(random);
        byte[] base64 = Base64.getEncoder().encode(random);
        byte[] bytes = new byte[head.length + base64.length + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(base64, 0, bytes, head.length, base64.length);
        System.arraycopy(tail, 0, bytes, head.length + base64.length, tail.length);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lienthong-soap-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeRegistry() {
        String yaml = """
                agencies:
                  - code: T01
                    name: Văn phòng thử nghiệm (gửi)
                    api-key-sha256: %s
                  - code: T06
                    name: Cơ quan hộp thư
                    api-key-sha256: %s
                  - code: T07
                    name: Cơ quan khác
                    api-key-sha256: %s
                """.formatted(hash(SENDER_KEY), hash(RECIPIENT_KEY), hash(OTHER_KEY));
        try {
            return Files.writeString(DATA_DIR.resolve("agencies.yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An in-memory attachment for the test client. */
    record ByteDataSource(byte[] bytes) implements jakarta.activation.DataSource {
        @Override
        public InputStream getInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "edxml";
        }
    }
}
