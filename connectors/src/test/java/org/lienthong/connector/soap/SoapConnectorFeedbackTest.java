package org.lienthong.connector.soap;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackReplyItem;
import org.slf4j.LoggerFactory;

/**
 * The soap connector pushing feedback items and replies to an agency's feedback inbox: a real CXF service
 * implementing {@code FeedbackInboxPortType} ({@link FeedbackInboxRecipient}) on loopback.
 */
class SoapConnectorFeedbackTest {

    static final String PORTAL = "000.00.00.G22";
    static final String AGENCY = "000.00.00.H41";
    static final String NAME = "Lê Văn C";
    static final String PHONE = "0912345678";
    static final String EMAIL = "levanc@example.vn";
    static final String TITLE = "Đề nghị đơn giản hóa thủ tục cấp giấy phép xây dựng";
    static final String CONTENT = "Hồ sơ yêu cầu nộp bản sao chứng thực nhiều giấy tờ đã có trong cơ sở dữ liệu quốc gia.";
    static final Instant CREATED_AT = Instant.parse("2026-11-20T02:15:03Z");

    private static FeedbackInboxRecipient inbox;
    private static SoapRecipient edocOnly;
    private static ExecutorService calls;
    private static SoapConnector connector;

    @BeforeAll
    static void start() throws Exception {
        inbox = new FeedbackInboxRecipient();
        edocOnly = new SoapRecipient();
        calls = Executors.newFixedThreadPool(4);
        connector = new SoapConnector(new SoapConnector.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30),
                64 * 1024, 16), calls);
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        calls.shutdownNow();
        inbox.close();
        edocOnly.close();
    }

    static String feedbackJson(String id, String attachmentsJson) {
        return """
                {
                  "id": "%s",
                  "title": "%s",
                  "content": "%s",
                  "topic": "xay-dung",
                  "handlingAgency": "%s",
                  "citizen": {"name": "%s", "phone": "%s", "email": "%s"},
                  "submittedAt": "2026-11-20T09:15:00+07:00",
                  "deadline": "2026-12-04T17:00:00+07:00",
                  "attachments": %s
                }
                """.formatted(id, TITLE, CONTENT, AGENCY, NAME, PHONE, EMAIL, attachmentsJson);
    }

    static OutboundMessage message(String messageId, String type, String from, String conversationId, String json) {
        return new OutboundMessage(messageId, from, AGENCY, type, conversationId, null, "application/json; charset=UTF-8",
                CREATED_AT, Payload.of(json.getBytes(StandardCharsets.UTF_8)), 1);
    }

    static OutboundMessage feedback(String messageId) {
        return message(messageId, "feedback", PORTAL, null, feedbackJson("pakn-" + messageId, "[]"));
    }

    private static DeliveryOutcome deliver(OutboundMessage message, String url) throws Exception {
        return connector.deliver(message, new DeliveryTarget("soap", url)).get(60, SECONDS);
    }

    // ------------------------------------------------------------------ feedback → receiveFeedback

    @Test
    void aFeedbackItemIsDeliveredByReceiveFeedbackWithTheCitizenAndVietnameseTextIntact() throws Exception {
        DeliveryOutcome outcome = deliver(feedback("fb-1"), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(((DeliveryOutcome.Delivered) outcome).detail()).isEqualTo("SOAP receiveFeedback accepted as HS-fb-1");
        FeedbackInboxRecipient.Received got = inbox.received("fb-1");
        assertThat(got.operation()).isEqualTo("receiveFeedback");
        FeedbackItem item = got.feedback();
        assertThat(item.getId()).isEqualTo("pakn-fb-1");
        assertThat(item.getTitle()).isEqualTo(TITLE);
        assertThat(item.getContent()).isEqualTo(CONTENT);
        assertThat(item.getTopic()).isEqualTo("xay-dung");
        assertThat(item.getHandlingAgency()).isEqualTo(AGENCY);
        assertThat(item.getPortal()).isEqualTo(PORTAL);
        // the agency needs the contact details to answer the citizen
        assertThat(item.getCitizen().getName()).isEqualTo(NAME);
        assertThat(item.getCitizen().getPhone()).isEqualTo(PHONE);
        assertThat(item.getCitizen().getEmail()).isEqualTo(EMAIL);
        assertThat(item.getSubmittedAt()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
        assertThat(item.getDeadline()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(item.getAttachment()).isEmpty();
        assertThat(got.header(DeliveryHeaders.MESSAGE_ID)).isEqualTo("fb-1");
        assertThat(got.header(DeliveryHeaders.FROM)).isEqualTo(PORTAL);
        assertThat(got.header(DeliveryHeaders.TYPE)).isEqualTo("feedback");
        assertThat(got.header("SOAPAction")).contains("receiveFeedback");
    }

    @Test
    void attachmentsTravelAsMtomPartsUnchanged() throws Exception {
        byte[] pdf = new byte[300 * 1024];
        new Random(20261120).nextBytes(pdf);
        byte[] note = "Ghi chú: bản chụp giấy phép số 12/GPXD".getBytes(StandardCharsets.UTF_8);
        String attachments = """
                [{"name": "giay-phep.pdf", "contentType": "application/pdf", "contentBase64": "%s"},
                 {"name": "ghi-chu.txt", "contentBase64": "%s"}]
                """.formatted(Base64.getEncoder().encodeToString(pdf), Base64.getEncoder().encodeToString(note));

        DeliveryOutcome outcome = deliver(message("fb-att", "feedback", PORTAL, null,
                feedbackJson("pakn-att", attachments)), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        FeedbackInboxRecipient.Received got = inbox.received("fb-att");
        assertThat(got.header("Content-Type")).startsWith("multipart/related").contains("application/xop+xml");
        assertThat(got.mimeParts()).as("each file is a MIME part of its own, not base64 in the envelope").isEqualTo(2);
        assertThat(got.attachments()).hasSize(2);
        assertThat(got.attachments().get(0).name()).isEqualTo("giay-phep.pdf");
        assertThat(got.attachments().get(0).contentType()).isEqualTo("application/pdf");
        assertThat(got.attachments().get(0).partContentType()).isEqualTo("application/pdf");
        assertThat(got.attachments().get(0).content()).isEqualTo(pdf);
        assertThat(got.attachments().get(1).name()).isEqualTo("ghi-chu.txt");
        assertThat(got.attachments().get(1).contentType()).isNull();
        assertThat(got.attachments().get(1).content()).isEqualTo(note);
    }

    // ------------------------------------------------------------------ feedback-reply → receiveReply

    @Test
    void aReplyIsDeliveredByReceiveReply() throws Exception {
        String json = """
                {"feedbackId": "pakn-2026-000123", "agency": "%s", "responder": "Sở Xây dựng tỉnh Nghệ An",
                 "content": "Sở đã tiếp thu; quy định sẽ được sửa đổi trong quý I/2027.",
                 "repliedAt": "2026-11-25T10:30:00+07:00",
                 "attachments": [{"name": "tra-loi.pdf", "contentType": "application/pdf", "contentBase64": "JVBERi0xLjQK"}]}
                """.formatted(AGENCY);

        DeliveryOutcome outcome = deliver(message("reply-1", "feedback-reply", AGENCY, null, json), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(((DeliveryOutcome.Delivered) outcome).detail()).contains("receiveReply");
        FeedbackInboxRecipient.Received got = inbox.received("reply-1");
        assertThat(got.operation()).isEqualTo("receiveReply");
        FeedbackReplyItem reply = got.reply();
        assertThat(reply.getFeedbackId()).isEqualTo("pakn-2026-000123");
        assertThat(reply.getAgency()).isEqualTo(AGENCY);
        assertThat(reply.getResponder()).isEqualTo("Sở Xây dựng tỉnh Nghệ An");
        assertThat(reply.getContent()).isEqualTo("Sở đã tiếp thu; quy định sẽ được sửa đổi trong quý I/2027.");
        assertThat(reply.getRepliedAt()).isEqualTo(Instant.parse("2026-11-25T03:30:00Z"));
        assertThat(got.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("tra-loi.pdf");
            assertThat(new String(a.content(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4\n");
        });
        assertThat(got.header(DeliveryHeaders.TYPE)).isEqualTo("feedback-reply");
    }

    @Test
    void aBareReplyTakesTheFeedbackIdFromTheConversationAndTheAgencyFromTheSender() throws Exception {
        String json = """
                {"responder": "Sở Xây dựng tỉnh Nghệ An", "content": "Đã tiếp thu."}
                """;

        DeliveryOutcome outcome = deliver(message("reply-bare", "feedback-reply", AGENCY, "pakn-2026-000777", json),
                inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        FeedbackReplyItem reply = inbox.received("reply-bare").reply();
        assertThat(reply.getFeedbackId()).isEqualTo("pakn-2026-000777");
        assertThat(reply.getAgency()).isEqualTo(AGENCY);
        assertThat(reply.getRepliedAt()).isEqualTo(CREATED_AT);
        assertThat(inbox.received("reply-bare").header(DeliveryHeaders.CONVERSATION_ID)).isEqualTo("pakn-2026-000777");
    }

    @Test
    void aReplyThatNamesNoFeedbackIsPermanentAndNothingIsSent() throws Exception {
        DeliveryOutcome outcome = deliver(message("reply-orphan", "feedback-reply", AGENCY, null,
                "{\"responder\":\"x\",\"content\":\"y\"}"), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("feedbackId");
        assertThat(inbox.received("reply-orphan")).isNull();
    }

    @Test
    void aPayloadTheContentStoreCannotGiveBackIsRetriedAndNothingIsSent(@TempDir Path dir) throws Exception {
        OutboundMessage message = new OutboundMessage("fb-gone", PORTAL, AGENCY, "feedback", null, null,
                "application/json", CREATED_AT, new Payload.InFile(dir.resolve("gone.json"), 100), 1);

        DeliveryOutcome outcome = deliver(message, inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("could not read the payload")
                .doesNotContain(dir.toString());
        assertThat(inbox.received("fb-gone")).isNull();
    }

    // ------------------------------------------------------------------ classification

    @Test
    void aServerFaultOfTheInboxIsTransient() throws Exception {
        DeliveryOutcome outcome = deliver(feedback("server-fault-fb"), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("Server").contains("UNAVAILABLE");
    }

    @Test
    void aClientFaultOfTheInboxIsPermanentAndKeepsItsWords() throws Exception {
        DeliveryOutcome outcome = deliver(feedback("client-fault-fb"), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("Client").contains("INVALID_REQUEST")
                .contains(FeedbackInboxRecipient.CLIENT_FAULT_MESSAGE);
    }

    @Test
    void aRateLimitedInboxIsRetried() throws Exception {
        DeliveryOutcome outcome = deliver(message("rate-limited-reply", "feedback-reply", AGENCY, "pakn-1",
                "{\"responder\":\"x\",\"content\":\"y\"}"), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("RATE_LIMITED");
    }

    @Test
    void aFeedbackItemToAServiceThatIsNotAFeedbackInboxIsPermanent() throws Exception {
        // an agency registered with the soap connector whose service only speaks e-Doc
        DeliveryOutcome outcome = deliver(feedback("fb-to-edoc"), edocOnly.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("Client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generic", "dossier", "directive"})
    void otherMessageTypesArePermanentAndNothingIsSent(String type) throws Exception {
        DeliveryOutcome outcome = deliver(message("wrong-" + type, type, PORTAL, null, "{}"), inbox.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("soap connector carries e-Doc and feedback only");
        assertThat(inbox.received("wrong-" + type)).isNull();
    }

    // ------------------------------------------------------------------ personal data

    @Test
    void theCitizensContactDetailsAreDeliveredButNeverLoggedNorInAnOutcome() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("org.lienthong");
        Level oursBefore = ours.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        ours.setLevel(Level.TRACE);
        List<String> julRecords = new ArrayList<>();
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord record) {
                julRecords.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(jul);
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        try {
            outcomes.add(deliver(feedback("pd-ok"), inbox.url()));
            outcomes.add(deliver(feedback("client-fault-pd"), inbox.url()));
            outcomes.add(deliver(feedback("server-fault-pd"), inbox.url()));
            outcomes.add(deliver(feedback("pd-edoc"), edocOnly.url()));
            // not valid JSON (a comma missing), with the contact details in it
            outcomes.add(deliver(message("pd-bad", "feedback", PORTAL, null,
                    feedbackJson("pakn-pd-bad", "[]").replace("\"topic\"", "\"topic\"\n\"x\": 1,")), inbox.url()));
        } finally {
            root.detachAppender(events);
            ours.setLevel(oursBefore);
            java.util.logging.Logger.getLogger("").removeHandler(jul);
        }

        assertThat(inbox.received("pd-ok").feedback().getCitizen().getPhone()).isEqualTo(PHONE);
        assertThat(outcomes.get(4)).isInstanceOf(DeliveryOutcome.Permanent.class);
        for (DeliveryOutcome outcome : outcomes) {
            assertThat(outcome.toString()).doesNotContain(PHONE, EMAIL, NAME);
        }
        for (ILoggingEvent event : events.list) {
            assertThat(event.getFormattedMessage() + throwable(event.getThrowableProxy()))
                    .doesNotContain(PHONE, EMAIL, NAME);
        }
        for (String record : julRecords) {
            assertThat(record).doesNotContain(PHONE, EMAIL, NAME);
        }
    }

    private static String throwable(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return text.toString();
    }
}
