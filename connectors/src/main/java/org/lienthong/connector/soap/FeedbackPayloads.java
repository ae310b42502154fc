package org.lienthong.connector.soap;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.activation.DataHandler;
import org.apache.cxf.attachment.ByteDataSource;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.soap.feedback.contract.Attachment;
import org.lienthong.connector.soap.feedback.contract.Citizen;
import org.lienthong.connector.soap.feedback.contract.FeedbackItem;
import org.lienthong.connector.soap.feedback.contract.FeedbackReplyItem;
import org.lienthong.connector.soap.feedback.contract.Regulation;

/**
 * The JSON payloads of {@code feedback} and {@code feedback-reply} messages as the feedback contract's SOAP types,
 * for the {@code soap} connector to push to an agency's inbox ({@link FeedbackContract}).
 *
 * <p>A {@code feedback} payload is the item as the portal submitted it (SPEC §6, {@code reference/samples/feedback.json}):
 * <pre>{"id", "title", "content", "topic"?, "handlingAgency"?, "citizen"?: {"name","phone","email"},
 *  "submittedAt", "deadline"?, "portal"?, "attachments"?: [{"name","contentType","contentBase64"}],
 *  "channel"?, "regulation"?: {"code"?, "name"?}}</pre>
 * {@code portal} defaults to the message's sender, {@code submittedAt} to the message's creation time.
 *
 * <p>A {@code feedback-reply} payload is the reply: <pre>{"feedbackId"?, "agency"?, "responder", "content",
 * "repliedAt"?, "attachments"?: [...]}</pre> The feedback id defaults to the message's conversation id, the
 * agency to the sender, the reply time to the message's creation time. Unknown members are ignored.
 *
 * <p>The payload holds the citizen's personal data: nothing here logs it, and a refusal ({@link InvalidPayload})
 * names the member at fault, never its value or any piece of the payload. A payload that cannot be read from
 * the content store is an {@link IOException}, which a retry may cure.
 */
final class FeedbackPayloads {

    private static final ObjectReader JSON = new ObjectMapper(JsonFactory.builder()
            // a parse error must not quote the payload (personal data) in its message
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .reader();

    private FeedbackPayloads() {
    }

    /** A payload that cannot be turned into the SOAP request: no retry can fix it. */
    static final class InvalidPayload extends Exception {
        InvalidPayload(String message) {
            super(message, null, false, false);
        }
    }

    /** A {@code feedback} message as {@code receiveFeedback}'s item. */
    static FeedbackItem feedback(OutboundMessage message) throws InvalidPayload, IOException {
        JsonNode json = read(message, "feedback");
        FeedbackItem item = new FeedbackItem();
        item.setId(required(json, "id", "feedback"));
        item.setTitle(orEmpty(text(json, "title")));
        item.setContent(orEmpty(text(json, "content")));
        item.setTopic(text(json, "topic"));
        item.setHandlingAgency(text(json, "handlingAgency"));
        String portal = text(json, "portal");
        item.setPortal(portal != null ? portal : message.from());
        JsonNode citizen = json.get("citizen");
        if (citizen != null && !citizen.isNull()) {
            if (!citizen.isObject()) {
                throw new InvalidPayload("the feedback payload's citizen is not a JSON object");
            }
            Citizen contact = new Citizen();
            contact.setName(text(citizen, "name"));
            contact.setPhone(text(citizen, "phone"));
            contact.setEmail(text(citizen, "email"));
            item.setCitizen(contact);
        }
        Instant submittedAt = time(json, "submittedAt");
        item.setSubmittedAt(submittedAt != null ? submittedAt : message.createdAt());
        item.setDeadline(time(json, "deadline"));
        item.getAttachment().addAll(attachments(json, "feedback"));
        item.setChannel(text(json, "channel"));
        item.setRegulation(regulation(json));
        return item;
    }

    /** A {@code feedback-reply} message as {@code receiveReply}'s reply. */
    static FeedbackReplyItem reply(OutboundMessage message) throws InvalidPayload, IOException {
        JsonNode json = read(message, "feedback-reply");
        FeedbackReplyItem reply = new FeedbackReplyItem();
        String feedbackId = text(json, "feedbackId");
        if (feedbackId == null) {
            feedbackId = message.conversationId();
        }
        if (feedbackId == null || feedbackId.isBlank()) {
            throw new InvalidPayload("the feedback-reply payload names no feedbackId and the message has no conversation id");
        }
        reply.setFeedbackId(feedbackId);
        String agency = text(json, "agency");
        if (agency == null) {
            agency = text(json, "handlingAgency");
        }
        reply.setAgency(agency != null ? agency : message.from());
        reply.setResponder(orEmpty(text(json, "responder")));
        reply.setContent(orEmpty(text(json, "content")));
        Instant repliedAt = time(json, "repliedAt");
        reply.setRepliedAt(repliedAt != null ? repliedAt : message.createdAt());
        reply.getAttachment().addAll(attachments(json, "feedback-reply"));
        return reply;
    }

    /** The payload's JSON object; an {@link IOException} other than bad JSON is the content store's, and passes. */
    private static JsonNode read(OutboundMessage message, String kind) throws InvalidPayload, IOException {
        JsonNode json;
        try (InputStream in = message.payload().open(); JsonParser parser = JSON.createParser(in)) {
            json = JSON.readTree(parser);
            if (json != null && parser.nextToken() != null) {
                throw new InvalidPayload("the " + kind + " payload has content after its JSON object");
            }
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new InvalidPayload("the " + kind + " payload is not valid JSON"
                    + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        }
        if (json == null || !json.isObject()) {
            throw new InvalidPayload("the " + kind + " payload is not a JSON object");
        }
        return json;
    }

    /** The payload's regulation, or null when it names none (absent, JSON null, or neither code nor name). */
    private static Regulation regulation(JsonNode json) throws InvalidPayload {
        JsonNode node = json.get("regulation");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidPayload("the feedback payload's regulation is not a JSON object");
        }
        String code = text(node, "code");
        String name = text(node, "name");
        if (code == null && name == null) {
            return null;
        }
        Regulation regulation = new Regulation();
        regulation.setCode(code);
        regulation.setName(name);
        return regulation;
    }

    private static List<Attachment> attachments(JsonNode json, String kind) throws InvalidPayload {
        JsonNode array = json.get("attachments");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidPayload("the " + kind + " payload's attachments is not a JSON array");
        }
        List<Attachment> attachments = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String where = "attachments[" + i + "]";
            if (!node.isObject()) {
                throw new InvalidPayload("the " + kind + " payload's " + where + " is not a JSON object");
            }
            String name = text(node, "name");
            String contentType = text(node, "contentType");
            String base64 = text(node, "contentBase64");
            if (base64 == null) {
                throw new InvalidPayload("the " + kind + " payload's " + where + " has no contentBase64");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new InvalidPayload("the " + kind + " payload's " + where + ".contentBase64 is not base64");
            }
            Attachment attachment = new Attachment();
            attachment.setName(name != null ? name : "attachment-" + (i + 1));
            attachment.setContentType(contentType);
            ByteDataSource source = new ByteDataSource(bytes,
                    contentType != null && !contentType.isBlank() ? contentType : FeedbackContract.DEFAULT_ATTACHMENT_TYPE);
            source.setName(attachment.getName());
            attachment.setContent(new DataHandler(source));
            attachments.add(attachment);
        }
        return attachments;
    }

    private static String required(JsonNode json, String field, String kind) throws InvalidPayload {
        String value = text(json, field);
        if (value == null || value.isBlank()) {
            throw new InvalidPayload("the " + kind + " payload has no " + field);
        }
        return value;
    }

    /** A member's text, or null when absent or JSON null; structures where text belongs are refused. */
    private static String text(JsonNode json, String field) throws InvalidPayload {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new InvalidPayload("the payload's " + field + " is not a JSON string");
        }
        return node.asText();
    }

    private static Instant time(JsonNode json, String field) throws InvalidPayload {
        String text = text(json, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return XmlInstants.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidPayload("the payload's " + field + " is not an ISO-8601 date-time");
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
