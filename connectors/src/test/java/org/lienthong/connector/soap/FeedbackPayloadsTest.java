package org.lienthong.connector.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import javax.xml.namespace.QName;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.Marshaller;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;
import org.lienthong.connector.SampleMessages;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackReplyItem;

/**
 * Feedback and reply payloads (JSON) as the SOAP requests the connector sends, one golden case per file under
 * {@code messages/feedback/}: {@code <case>.payload.json} → {@code <case>.expected.xml} (the request's item as XML,
 * attachments inline).
 */
class FeedbackPayloadsTest {

    static final String PORTAL = SampleMessages.FROM;
    static final String AGENCY = "000.00.00.H41";
    static final Instant CREATED_AT = Instant.parse("2026-11-25T03:31:00Z");
    private static final String CITIZEN_PHONE = "0912345678";
    private static final String CITIZEN_EMAIL = "levanc@example.vn";

    @ParameterizedTest
    @ValueSource(strings = {"push-submitted", "push-by-topic", "push-with-regulation"})
    void aFeedbackPayloadBecomesTheReceiveFeedbackItem(String name) throws Exception {
        FeedbackItem item = FeedbackPayloads.feedback(message("feedback", PORTAL, null, resource(name + ".payload.json")));

        assertGolden(name, new JAXBElement<>(new QName(FeedbackContract.NAMESPACE, "feedback"), FeedbackItem.class, item));
    }

    @ParameterizedTest
    @ValueSource(strings = {"push-reply", "push-reply-minimal"})
    void aReplyPayloadBecomesTheReceiveReplyItem(String name) throws Exception {
        // a reply comes from the handling agency, in the conversation of the feedback item
        FeedbackReplyItem reply = FeedbackPayloads.reply(message("feedback-reply", AGENCY, "pakn-2026-000123",
                resource(name + ".payload.json")));

        assertGolden(name, new JAXBElement<>(new QName(FeedbackContract.NAMESPACE, "reply"), FeedbackReplyItem.class, reply));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "feedback | {\"title\":\"Lê Văn C 0912345678\"} | has no id",
            "feedback | [1,2] | not a JSON object",
            "feedback | {\"id\":\"x\",\"citizen\":{\"phone\":\"0912345678\"} | not valid JSON",
            "feedback | {\"id\":\"x\",\"citizen\":{\"phone\":\"0912345678\"}} {\"x\":1} | content after its JSON object",
            "feedback | {\"id\":\"x\",\"citizen\":{\"phone\":\"0912345678\"}} trailing | not valid JSON",
            "feedback | {\"id\":\"x\",\"citizen\":[\"levanc@example.vn\"]} | citizen is not a JSON object",
            "feedback | {\"id\":\"x\",\"id\":\"y\"} | not valid JSON",
            "feedback | {\"id\":\"x\",\"submittedAt\":\"hôm qua 0912345678\"} | submittedAt is not an ISO-8601 date-time",
            "feedback | {\"id\":\"x\",\"attachments\":[{\"name\":\"a\",\"contentBase64\":\"0912345678!!\"}]} | attachments[0].contentBase64 is not base64",
            "feedback | {\"id\":\"x\",\"attachments\":[{\"name\":\"a\"}]} | attachments[0] has no contentBase64",
            "feedback | {\"id\":\"x\",\"attachments\":{\"name\":\"a\"}} | attachments is not a JSON array",
            "feedback | {\"id\":\"x\",\"regulation\":\"Lê Văn C 0912345678\"} | regulation is not a JSON object",
            "feedback | {\"id\":\"x\",\"regulation\":{\"code\":[\"0912345678\"]}} | code is not a JSON string",
            "feedback-reply | {\"responder\":\"levanc@example.vn\",\"content\":\"c\"} | names no feedbackId"})
    void aPayloadThatCannotBecomeTheRequestIsRefusedWithoutQuotingIt(String type, String json, String reason) {
        OutboundMessage message = message(type, PORTAL, null, json.getBytes(StandardCharsets.UTF_8));

        FeedbackPayloads.InvalidPayload refusal = catchThrowableOfType(FeedbackPayloads.InvalidPayload.class,
                () -> {
                    if (type.equals("feedback")) {
                        FeedbackPayloads.feedback(message);
                    } else {
                        FeedbackPayloads.reply(message);
                    }
                });

        assertThat(refusal).as(json).isNotNull();
        assertThat(refusal.getMessage()).contains(reason)
                .doesNotContain(CITIZEN_PHONE, CITIZEN_EMAIL, "Lê Văn C", "hôm qua", "trailing");
    }

    // ------------------------------------------------------------------ helpers

    static OutboundMessage message(String type, String from, String conversationId, byte[] json) {
        return new OutboundMessage("msg-" + type, from, "000.00.01.H29", type, conversationId, null,
                "application/json; charset=UTF-8", CREATED_AT, Payload.of(json), 1);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = FeedbackPayloadsTest.class.getResourceAsStream("/messages/feedback/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Compares with {@code <case>.expected.xml}; a missing file is written to target/golden-actual for review. */
    private static void assertGolden(String name, JAXBElement<?> element) throws Exception {
        Marshaller marshaller = JAXBContext.newInstance(FeedbackItem.class, FeedbackReplyItem.class).createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
        StringWriter xml = new StringWriter();
        marshaller.marshal(element, xml);
        String actual = normalize(xml.toString());
        String file = name + ".expected.xml";
        if (FeedbackPayloadsTest.class.getResource("/messages/feedback/" + file) == null) {
            Path out = Path.of("target", "golden-actual", "feedback", file);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual + "\n", StandardCharsets.UTF_8);
            throw new AssertionError("no golden file " + file + "; the actual output is in " + out.toAbsolutePath());
        }
        assertThat(actual).isEqualTo(normalize(new String(resource(file), StandardCharsets.UTF_8)));
    }

    private static String normalize(String xml) {
        return xml.replace("\r\n", "\n").strip();
    }
}
