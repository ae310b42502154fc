package org.lienthong.feedback.soap;

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
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.MTOMFeature;
import org.apache.cxf.attachment.ByteDataSource;
import org.apache.cxf.message.Message;
import org.apache.cxf.spring.boot.autoconfigure.CxfAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.lienthong.config.LienthongProperties;
import org.lienthong.connector.soap.FeedbackContract;
import org.lienthong.connector.soap.feedback.contract.Attachment;
import org.lienthong.connector.soap.feedback.contract.Citizen;
import org.lienthong.connector.soap.feedback.contract.FeedbackFault;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackService;
import org.lienthong.connector.soap.feedback.contract.FeedbackState;
import org.lienthong.feedback.Feedback;
import org.lienthong.feedback.FeedbackReply;
import org.lienthong.ops.SecurityConfiguration;
import org.lienthong.registry.RegistryService;
import org.lienthong.web.OpsAccount;
import org.lienthong.web.soap.SoapAuthentication;
import org.slf4j.LoggerFactory;
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
 * The SOAP feedback endpoint in a small Spring Boot application: Tomcat on a random port, the CXF starter's servlet
 * at {@code /services}, the node's own Spring Security chains, {@link FeedbackSoapConfiguration} as the node imports
 * it, a real registry file, and a {@link FakeFeedbackDesk}. Clients are the classes generated from the WSDL.
 */
@SpringBootTest(classes = FeedbackSoapEndpointTest.SoapNode.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeedbackSoapEndpointTest {

    static final String PORTAL = FakeFeedbackDesk.EndpointAgencies.PORTAL;
    static final String HANDLER = FakeFeedbackDesk.EndpointAgencies.HANDLER;
    static final String OTHER = FakeFeedbackDesk.EndpointAgencies.OTHER;
    static final String PAKN_SYSTEM = FakeFeedbackDesk.EndpointAgencies.PAKN_SYSTEM;
    static final Map<String, String> KEYS = Map.of(PORTAL, "key-t01", HANDLER, "key-t06", OTHER, "key-t07",
            PAKN_SYSTEM, "key-t09");
    static final Path DATA_DIR = tempDir();
    static final int MAX_DEPTH = 24;
    static final String PHONE = "0912345678";
    static final String EMAIL = "levanc@example.vn";
    static final String CITIZEN = "Lê Văn C";

    @SpringBootConfiguration
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, CxfAutoConfiguration.class, SecurityAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class, EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class})
    @EnableConfigurationProperties(LienthongProperties.class)
    @Import({FeedbackSoapConfiguration.class, SecurityConfiguration.class})
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
        FakeFeedbackDesk feedbackDesk() {
            return new FakeFeedbackDesk(Clock.systemUTC());
        }
    }

    @DynamicPropertySource
    static void nodeProperties(DynamicPropertyRegistry registry) {
        registry.add("lienthong.data-dir", DATA_DIR::toString);
        registry.add("lienthong.soap.feedback.max-attachment-size", () -> "1MB");
        registry.add("lienthong.soap.feedback.max-attachments", () -> "3");
        registry.add("lienthong.soap.feedback.attachment-memory-threshold", () -> "64KB");
        registry.add("lienthong.soap.feedback.stax.max-element-depth", () -> MAX_DEPTH);
        registry.add("management.server.port", () -> "-1");
    }

    @LocalServerPort
    int port;

    @Autowired
    FakeFeedbackDesk desk;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // ------------------------------------------------------------------ the contract

    @Test
    void theWsdlIsServedWithoutAKeyAndDescribesBothSidesWithThisAddress() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("targetNamespace=\"urn:lienthong:feedback:v1\"")
                .contains("name=\"getReceivedFeedbackList\"", "name=\"acknowledgeFeedback\"", "name=\"replyFeedback\"",
                        "name=\"getFeedbackState\"", "name=\"submitFeedback\"", "name=\"feedbackFault\"")
                // the inbox agencies implement is described by the same contract
                .contains("name=\"FeedbackInboxPortType\"", "name=\"receiveFeedback\"", "name=\"receiveReply\"")
                .contains("location=\"" + url() + "\"")
                // the inbox's address is each agency's own: the placeholder stays
                .contains("location=\"http://agency.example.gov.vn/services/feedback-inbox\"");
    }

    // ------------------------------------------------------------------ the cycle

    @Test
    void theHandlerListsAcknowledgesRepliesAndEveryoneConcernedReadsTheState() throws Exception {
        byte[] pdf = new byte[200 * 1024];
        new Random(42).nextBytes(pdf);
        desk.put(PORTAL, HANDLER, new Feedback("pakn-cycle-1", "Đề nghị đơn giản hóa thủ tục cấp giấy phép xây dựng",
                "Hồ sơ yêu cầu nộp bản sao chứng thực nhiều giấy tờ đã có trong cơ sở dữ liệu quốc gia.", HANDLER,
                "xay-dung", new Feedback.Citizen(CITIZEN, PHONE, EMAIL), OffsetDateTime.parse("2026-11-20T09:15:00+07:00"),
                List.of(new Feedback.Attachment("ban-sao.pdf", "application/pdf", Base64.getEncoder().encodeToString(pdf)))));
        FeedbackPortType handler = client(HANDLER);

        List<FeedbackItem> waiting = handler.getReceivedFeedbackList(null);

        FeedbackItem item = waiting.stream().filter(i -> i.getId().equals("pakn-cycle-1")).findFirst().orElseThrow();
        assertThat(item.getTitle()).isEqualTo("Đề nghị đơn giản hóa thủ tục cấp giấy phép xây dựng");
        assertThat(item.getTopic()).isEqualTo("xay-dung");
        assertThat(item.getHandlingAgency()).isEqualTo(HANDLER);
        assertThat(item.getPortal()).isEqualTo(PORTAL);
        assertThat(item.getCitizen().getName()).isEqualTo(CITIZEN);
        assertThat(item.getCitizen().getPhone()).isEqualTo(PHONE);
        assertThat(item.getCitizen().getEmail()).isEqualTo(EMAIL);
        assertThat(item.getSubmittedAt()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
        assertThat(item.getDeadline()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z").plus(FakeFeedbackDesk.DEADLINE));
        assertThat(item.getAttachment()).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("ban-sao.pdf");
            assertThat(a.getContentType()).isEqualTo("application/pdf");
            assertThat(sha256(read(a.getContent()))).isEqualTo(sha256(pdf));
        });

        handler.acknowledgeFeedback("pakn-cycle-1");

        assertThat(desk.acknowledgements).contains("pakn-cycle-1 " + HANDLER);
        assertThat(handler.getReceivedFeedbackList(10)).extracting(FeedbackItem::getId).doesNotContain("pakn-cycle-1");

        byte[] answer = "Công văn trả lời số 88/SXD".getBytes(StandardCharsets.UTF_8);
        FeedbackState replied = handler.replyFeedback("pakn-cycle-1", "Sở Xây dựng tỉnh Nghệ An",
                "Sở đã tiếp thu; quy định sẽ được sửa đổi trong quý I/2027.",
                List.of(attachment("tra-loi.txt", "text/plain; charset=UTF-8", answer)));

        assertThat(replied.getStatus()).isEqualTo("REPLIED");
        assertThat(replied.getReply()).singleElement().satisfies(r -> {
            assertThat(r.getResponder()).isEqualTo("Sở Xây dựng tỉnh Nghệ An");
            assertThat(r.getContent()).isEqualTo("Sở đã tiếp thu; quy định sẽ được sửa đổi trong quý I/2027.");
            assertThat(r.getAttachments()).isEqualTo(1);
            assertThat(r.getRepliedAt()).isNotNull();
        });
        FakeFeedbackDesk.Recorded recorded = desk.replies.stream()
                .filter(r -> r.reply().responder().equals("Sở Xây dựng tỉnh Nghệ An")).findFirst().orElseThrow();
        assertThat(recorded.handler()).isEqualTo(HANDLER);
        FeedbackReply reply = recorded.reply();
        assertThat(reply.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("tra-loi.txt");
            assertThat(a.contentType()).isEqualTo("text/plain; charset=UTF-8");
            assertThat(Base64.getDecoder().decode(a.contentBase64())).isEqualTo(answer);
        });

        for (String reader : List.of(PORTAL, HANDLER, PAKN_SYSTEM)) {
            FeedbackState state = client(reader).getFeedbackState("pakn-cycle-1");
            assertThat(state.getStatus()).as(reader).isEqualTo("REPLIED");
            assertThat(state.getPortal()).isEqualTo(PORTAL);
            assertThat(state.getHandlingAgency()).isEqualTo(HANDLER);
            assertThat(state.isOverdue()).isFalse();
            assertThat(state.getDeadline()).isEqualTo(item.getDeadline());
        }
        FeedbackFault stranger = catchThrowableOfType(FeedbackFault.class,
                () -> client(OTHER).getFeedbackState("pakn-cycle-1"));
        assertThat(stranger.getFaultInfo().getCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aPortalSubmitsAnItemAndAnotherAgencyMayNot() throws Exception {
        FeedbackItem item = new FeedbackItem();
        item.setId("pakn-soap-submit-1");
        item.setTitle("Kiến nghị về thủ tục đăng ký kinh doanh");
        item.setContent("Đề nghị cho phép nộp hồ sơ hoàn toàn trực tuyến.");
        item.setTopic("xay-dung");
        Citizen citizen = new Citizen();
        citizen.setName("Phạm Thị F");
        item.setCitizen(citizen);
        item.setSubmittedAt(Instant.parse("2026-11-20T01:00:00Z"));
        item.getAttachment().add(attachment("don.txt", null, "Đơn kiến nghị".getBytes(StandardCharsets.UTF_8)));

        FeedbackState state = client(PORTAL).submitFeedback(item);

        assertThat(state.getId()).isEqualTo("pakn-soap-submit-1");
        assertThat(state.getPortal()).isEqualTo(PORTAL);
        assertThat(state.getHandlingAgency()).isEqualTo(HANDLER);
        Feedback stored = desk.item("pakn-soap-submit-1").feedback();
        assertThat(stored.citizen().name()).isEqualTo("Phạm Thị F");
        assertThat(stored.submittedAt()).isEqualTo(OffsetDateTime.parse("2026-11-20T01:00:00Z"));
        assertThat(stored.attachments()).singleElement()
                .satisfies(a -> assertThat(new String(Base64.getDecoder().decode(a.contentBase64()), StandardCharsets.UTF_8))
                        .isEqualTo("Đơn kiến nghị"));

        item.setId("pakn-soap-submit-2");
        FeedbackFault forbidden = catchThrowableOfType(FeedbackFault.class, () -> client(HANDLER).submitFeedback(item));
        assertThat(forbidden.getFaultInfo().getCode()).isEqualTo("FORBIDDEN");
        assertThat(desk.item("pakn-soap-submit-2")).isNull();
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aMissingOrWrongKeyIsRefusedAsUnauthenticatedWithoutReachingTheDesk() throws Exception {
        int callsBefore = desk.calls.get();

        for (FeedbackPortType caller : List.of(clientWithAuthorization(null), clientWithAuthorization("Bearer not-a-key"),
                clientWithAuthorization("key-t06"), clientWithAuthorization("Basic " + Base64.getEncoder()
                        .encodeToString("ops:test-ops-password".getBytes(StandardCharsets.UTF_8))))) {
            FeedbackFault fault = catchThrowableOfType(FeedbackFault.class, () -> caller.getReceivedFeedbackList(null));
            assertThat(fault.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(fault.getFaultInfo().getMessage()).isEqualTo(SoapAuthentication.REFUSAL);
        }
        FeedbackFault upload = catchThrowableOfType(FeedbackFault.class, () -> clientWithAuthorization("Bearer nope")
                .replyFeedback("pakn-x", "r", "c", List.of(attachment("a.bin", null, new byte[100_000]))));
        assertThat(upload.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");

        assertThat(desk.calls.get()).isEqualTo(callsBefore);
        Raw raw = rawCall(null, envelope("<f:getReceivedFeedbackList/>"));
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aRefusalOfTheDeskIsAClientFaultWithItsProblemCode() throws Exception {
        desk.put(PORTAL, HANDLER, feedback("pakn-refusal-1"));

        FeedbackFault notTheHandler = catchThrowableOfType(FeedbackFault.class,
                () -> client(OTHER).replyFeedback("pakn-refusal-1", "Cơ quan khác", "Không thuộc thẩm quyền", List.of()));
        assertThat(notTheHandler.getFaultInfo().getCode()).isEqualTo("FORBIDDEN");
        assertThat(notTheHandler.getFaultInfo().getMessage()).isEqualTo("only the handling agency replies to pakn-refusal-1");

        FeedbackFault unknown = catchThrowableOfType(FeedbackFault.class,
                () -> client(HANDLER).acknowledgeFeedback("pakn-does-not-exist"));
        assertThat(unknown.getFaultInfo().getCode()).isEqualTo("NOT_FOUND");

        FeedbackItem item = new FeedbackItem();
        item.setId("pakn-refusal-2");
        item.setTitle("!UNKNOWN-TOPIC!");
        item.setContent("x");
        FeedbackFault unroutable = catchThrowableOfType(FeedbackFault.class, () -> client(PORTAL).submitFeedback(item));
        assertThat(unroutable.getFaultInfo().getCode()).isEqualTo("UNKNOWN_RECIPIENT");
        assertThat(unroutable.getFaultInfo().getMessage()).isEqualTo("Không có cơ quan xử lý cho lĩnh vực này");

        Raw raw = rawCall(KEYS.get(OTHER), envelope("<f:replyFeedback><f:feedbackId>pakn-refusal-1</f:feedbackId>"
                + "<f:responder>x</f:responder><f:content>y</f:content></f:replyFeedback>"));
        assertThat(raw.status()).isEqualTo(500);
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void anUnexpectedFailureOfTheDeskIsAServerFaultThatGivesNothingAway() throws Exception {
        desk.put(PORTAL, HANDLER, feedback("pakn-boom-1"));

        Raw raw = rawCall(KEYS.get(HANDLER), envelope("<f:replyFeedback><f:feedbackId>pakn-boom-1</f:feedbackId>"
                + "<f:responder>x</f:responder><f:content>!BOOM!</f:content></f:replyFeedback>"));

        assertThat(raw.faultCode()).isEqualTo("soap:Server");
        assertThat(raw.code()).isEqualTo("INTERNAL");
        assertThat(raw.body()).doesNotContain("com.example", "/var/lib", "Exception", "at org.", "stackTrace");
    }

    @Test
    void missingFieldsAndALimitOutOfRangeAreInvalidRequests() throws Exception {
        FeedbackFault limit = catchThrowableOfType(FeedbackFault.class, () -> client(HANDLER).getReceivedFeedbackList(5000));
        assertThat(limit.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(limit.getFaultInfo().getMessage()).contains("between 1 and 1000");

        FeedbackFault noResponder = catchThrowableOfType(FeedbackFault.class,
                () -> client(HANDLER).replyFeedback("pakn-x", " ", "nội dung", List.of()));
        assertThat(noResponder.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");
        assertThat(noResponder.getFaultInfo().getMessage()).isEqualTo("responder is required");

        Raw raw = rawCall(KEYS.get(HANDLER), envelope("<f:getFeedbackState><f:unknown/></f:getFeedbackState>"));
        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void repliesWithMoreThanTheAllowedAttachmentsAreRefusedBeforeTheDesk() throws Exception {
        desk.put(PORTAL, HANDLER, feedback("pakn-large-1"));
        int callsBefore = desk.calls.get();

        FeedbackFault tooLarge = catchThrowableOfType(FeedbackFault.class, () -> client(HANDLER).replyFeedback(
                "pakn-large-1", "Sở", "Trả lời", List.of(attachment("a.bin", null, new byte[600 * 1024]),
                        attachment("b.bin", null, new byte[600 * 1024]))));
        assertThat(tooLarge.getFaultInfo().getCode()).isEqualTo("PAYLOAD_TOO_LARGE");

        FeedbackFault tooMany = catchThrowableOfType(FeedbackFault.class, () -> client(HANDLER).replyFeedback(
                "pakn-large-1", "Sở", "Trả lời", List.of(attachment("1", null, new byte[1]), attachment("2", null, new byte[1]),
                        attachment("3", null, new byte[1]), attachment("4", null, new byte[1]))));
        assertThat(tooMany.getFaultInfo().getCode()).isEqualTo("INVALID_REQUEST");

        assertThat(desk.calls.get()).isEqualTo(callsBefore);
    }

    @Test
    void aSoapMessagePastTheParserLimitsIsRefusedBeforeTheDesk() throws Exception {
        int callsBefore = desk.calls.get();
        String deep = "<x:hop xmlns:x=\"urn:example:trace\">".repeat(MAX_DEPTH + 5) + "</x:hop>".repeat(MAX_DEPTH + 5);

        Raw raw = rawCall(KEYS.get(HANDLER), "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:f=\"urn:lienthong:feedback:v1\"><soap:Header>" + deep + "</soap:Header><soap:Body>"
                + "<f:getReceivedFeedbackList/></soap:Body></soap:Envelope>");

        assertThat(raw.faultCode()).isEqualTo("soap:Client");
        assertThat(raw.code()).isEqualTo("INVALID_XML");
        assertThat(desk.calls.get()).isEqualTo(callsBefore);
    }

    @Test
    void theCitizensContactDetailsAreNeverLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("org.lienthong");
        Level before = ours.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        ours.setLevel(Level.TRACE);
        try {
            desk.put(PORTAL, HANDLER, feedback("pakn-personal-1"));
            assertThat(client(HANDLER).getReceivedFeedbackList(1000)).extracting(FeedbackItem::getId)
                    .contains("pakn-personal-1");
            client(HANDLER).replyFeedback("pakn-personal-1", "Sở", "Đã liên hệ ông " + CITIZEN + " qua " + PHONE, List.of());
            catchThrowableOfType(FeedbackFault.class, () -> client(OTHER).replyFeedback("pakn-personal-1", "x", EMAIL,
                    List.of()));
            rawCall(KEYS.get(HANDLER), envelope("<f:replyFeedback><f:feedbackId>pakn-personal-1</f:feedbackId>"
                    + "<f:responder>" + CITIZEN + "</f:responder><f:content>!BOOM! " + PHONE + "</f:content></f:replyFeedback>"));
        } finally {
            root.detachAppender(events);
            ours.setLevel(before);
        }

        assertThat(events.list).isNotEmpty();
        for (ILoggingEvent event : events.list) {
            String logged = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertThat(logged).doesNotContain(PHONE, EMAIL, CITIZEN);
        }
    }

    // ------------------------------------------------------------------ helpers

    static Feedback feedback(String id) {
        return new Feedback(id, "Phản ánh về thủ tục cấp phép", "Nội dung phản ánh", HANDLER, "xay-dung",
                new Feedback.Citizen(CITIZEN, PHONE, EMAIL), OffsetDateTime.parse("2026-11-20T09:15:00+07:00"), List.of());
    }

    static Attachment attachment(String name, String contentType, byte[] bytes) {
        Attachment attachment = new Attachment();
        attachment.setName(name);
        attachment.setContentType(contentType);
        attachment.setContent(new DataHandler(new ByteDataSource(bytes, "application/octet-stream")));
        return attachment;
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/services" + FeedbackSoapConfiguration.ADDRESS;
    }

    private FeedbackPortType client(String agency) {
        return clientWithAuthorization("Bearer " + KEYS.get(agency));
    }

    private FeedbackPortType clientWithAuthorization(String authorization) {
        FeedbackPortType port = new FeedbackService(FeedbackContract.wsdl()).getFeedbackPort(new MTOMFeature());
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, url());
        if (authorization != null) {
            context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of(authorization)));
        }
        return port;
    }

    /** A raw SOAP answer: HTTP status, fault code, problem code and the whole body. */
    record Raw(int status, String faultCode, String code, String body) {
    }

    private Raw rawCall(String key, String envelope) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String body = response.body();
        int detail = body.indexOf("feedbackFault");
        return new Raw(response.statusCode(), between(body, "<faultcode>", "</faultcode>"),
                detail < 0 ? null : between(body.substring(detail), "code>", "</"), body);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        if (from < 0) {
            return null;
        }
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:f=\"urn:lienthong:feedback:v1\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    private static byte[] read(DataHandler handler) throws IOException {
        try (InputStream in = handler.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lienthong-feedback-soap-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeRegistry() {
        String yaml = """
                agencies:
                  - code: T01
                    name: Cổng thông tin điện tử thử nghiệm
                    api-key-sha256: %s
                    roles: [portal]
                  - code: T06
                    name: Sở Xây dựng thử nghiệm
                    api-key-sha256: %s
                  - code: T07
                    name: Cơ quan khác
                    api-key-sha256: %s
                  - code: T09
                    name: Hệ thống báo cáo PAKN
                    api-key-sha256: %s
                    roles: [pakn-system]
                """.formatted(hash(KEYS.get(PORTAL)), hash(KEYS.get(HANDLER)), hash(KEYS.get(OTHER)),
                hash(KEYS.get(PAKN_SYSTEM)));
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
}
