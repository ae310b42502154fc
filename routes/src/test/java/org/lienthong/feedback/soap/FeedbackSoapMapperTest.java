package org.lienthong.feedback.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.xml.namespace.QName;
import javax.xml.transform.stream.StreamSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.activation.DataHandler;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.Marshaller;
import org.apache.cxf.attachment.ByteDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.soap.FeedbackContract;
import org.lienthong.connector.soap.feedback.contract.Attachment;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackState;
import org.lienthong.connector.soap.feedback.contract.ReplyFeedback;
import org.lienthong.connector.soap.feedback.contract.SubmitFeedback;
import org.lienthong.feedback.Feedback;
import org.lienthong.feedback.FeedbackDesk;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * {@link FeedbackSoapMapper}, one golden case per file under {@code messages/feedback/}:
 * <ul>
 *   <li>{@code <case>.feedback.json} (+ {@code <case>.state.json} when the desk knows the state) → the listed item,
 *       {@code <case>.expected.xml};</li>
 *   <li>{@code <case>.state.json} alone → the {@code FeedbackState}, {@code <case>.expected.xml};</li>
 *   <li>{@code <case>.request.xml} (a {@code submitFeedback} or {@code replyFeedback} request) → the record,
 *       {@code <case>.expected.json}.</li>
 * </ul>
 * SOAP is written with attachments inline (no MTOM) so the files can be read.
 */
class FeedbackSoapMapperTest {

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final FeedbackSoapMapper mapper = new FeedbackSoapMapper(1024, 3);

    @ParameterizedTest
    @ValueSource(strings = {"listed", "listed-by-topic", "listed-without-state", "listed-with-regulation"})
    void aWaitingItemIsListedInFullWithThePortalAndDeadlineOfItsState(String name) throws Exception {
        Feedback feedback = JSON.readValue(resource(name + ".feedback.json"), Feedback.class);
        FeedbackDesk.FeedbackState state = exists(name + ".state.json")
                ? JSON.readValue(resource(name + ".state.json"), FeedbackDesk.FeedbackState.class) : null;

        FeedbackItem item = mapper.item(feedback, state);

        assertXmlGolden(name, new JAXBElement<>(new QName(FeedbackContract.NAMESPACE, "feedback"), FeedbackItem.class, item));
    }

    @ParameterizedTest
    @ValueSource(strings = {"state-replied", "state-overdue"})
    void aStateIsShownWithItsReplies(String name) throws Exception {
        FeedbackDesk.FeedbackState state = JSON.readValue(resource(name + ".state.json"), FeedbackDesk.FeedbackState.class);

        FeedbackState answer = mapper.state(state);

        assertXmlGolden(name, new JAXBElement<>(new QName(FeedbackContract.NAMESPACE, "state"), FeedbackState.class, answer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"portal-submit", "portal-submit-with-regulation"})
    void aSubmittedItemBecomesTheFeedbackRecordWithoutThePortalOrDeadlineItNamed(String name) throws Exception {
        SubmitFeedback request = unmarshal(name + ".request.xml", SubmitFeedback.class);

        Feedback feedback = mapper.feedback(request.getFeedback());

        assertJsonGolden(name, feedback);
    }

    @Test
    void aReplyRequestBecomesTheReplyRecord() throws Exception {
        ReplyFeedback request = unmarshal("agency-reply.request.xml", ReplyFeedback.class);

        Object reply = mapper.reply(request.getResponder(), request.getContent(), request.getAttachment());

        assertJsonGolden("agency-reply", reply);
    }

    // ------------------------------------------------------------------ limits

    @Test
    void attachmentsPastTheTotalSizeAreRefusedAsPayloadTooLarge() {
        List<Attachment> files = List.of(file("a.bin", 600), file("b.bin", 600));

        ProblemException refusal = catchThrowableOfType(ProblemException.class, () -> mapper.attachments(files));

        assertThat(refusal.problem()).isEqualTo(Problem.PAYLOAD_TOO_LARGE);
        assertThat(refusal.getMessage()).contains("1,024 bytes");
    }

    @Test
    void attachmentsUpToTheTotalSizeAreTaken() throws IOException {
        List<Feedback.Attachment> taken = mapper.attachments(List.of(file("a.bin", 512), file("b.bin", 512)));

        assertThat(taken).extracting(Feedback.Attachment::name).containsExactly("a.bin", "b.bin");
        assertThat(Base64.getDecoder().decode(taken.get(1).contentBase64())).hasSize(512);
        assertThat(taken.get(0).contentType()).isNull();
    }

    @Test
    void tooManyAttachmentsOrOneWithoutANameAreInvalid() {
        List<Attachment> many = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            many.add(file("f" + i, 1));
        }
        assertThat(catchThrowableOfType(ProblemException.class, () -> mapper.attachments(many)).problem())
                .isEqualTo(Problem.INVALID_REQUEST);
        assertThat(catchThrowableOfType(ProblemException.class, () -> mapper.attachments(List.of(file(" ", 1))))
                .getMessage()).isEqualTo("attachment 1 has no name");
    }

    // ------------------------------------------------------------------ helpers

    static Attachment file(String name, int size) {
        Attachment attachment = new Attachment();
        attachment.setName(name);
        attachment.setContent(new DataHandler(new ByteDataSource(new byte[size], "application/octet-stream")));
        return attachment;
    }

    private static boolean exists(String name) {
        return FeedbackSoapMapperTest.class.getResource("/messages/feedback/" + name) != null;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = FeedbackSoapMapperTest.class.getResourceAsStream("/messages/feedback/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static <T> T unmarshal(String name, Class<T> type) throws Exception {
        try (InputStream in = FeedbackSoapMapperTest.class.getResourceAsStream("/messages/feedback/" + name)) {
            return JAXBContext.newInstance(type).createUnmarshaller().unmarshal(new StreamSource(in), type).getValue();
        }
    }

    private static void assertXmlGolden(String name, JAXBElement<?> element) throws Exception {
        Marshaller marshaller = JAXBContext.newInstance(FeedbackItem.class, FeedbackState.class).createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
        StringWriter xml = new StringWriter();
        marshaller.marshal(element, xml);
        String actual = xml.toString().replace("\r\n", "\n").strip();
        String expected = golden(name + ".expected.xml", actual);
        assertThat(actual).isEqualTo(expected.replace("\r\n", "\n").strip());
    }

    private static void assertJsonGolden(String name, Object record) throws Exception {
        String actual = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record);
        JsonNode expected = JSON.readTree(golden(name + ".expected.json", actual));
        assertThat(JSON.readTree(actual)).isEqualTo(expected);
    }

    /** The golden file; a missing one is written to target/golden-actual for review, and the test fails. */
    private static String golden(String file, String actual) throws IOException {
        if (!exists(file)) {
            Path out = Path.of("target", "golden-actual", "feedback", file);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual + "\n", StandardCharsets.UTF_8);
            throw new AssertionError("no golden file " + file + "; the actual output is in " + out.toAbsolutePath());
        }
        return new String(resource(file), StandardCharsets.UTF_8);
    }
}
