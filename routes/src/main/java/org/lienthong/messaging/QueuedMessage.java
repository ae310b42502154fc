package org.lienthong.messaging;

import java.time.Instant;
import java.util.List;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.lienthong.trail.MessageRecord;

/**
 * The queue entry of one delivery: message metadata as properties, the payload as body unless it is kept
 * in the content store. Everything needed to deliver (and to rebuild the trail after a crash) is here.
 */
public record QueuedMessage(MessageRecord message, String recipient, byte[] inlinePayload, int replayGeneration) {

    private static final SimpleString ID = SimpleString.of("lt_id");
    private static final SimpleString TYPE = SimpleString.of("lt_type");
    private static final SimpleString FROM = SimpleString.of("lt_from");
    private static final SimpleString TO = SimpleString.of("lt_to");
    private static final SimpleString CONVERSATION = SimpleString.of("lt_conversation");
    private static final SimpleString SUBJECT = SimpleString.of("lt_subject");
    private static final SimpleString CONTENT_TYPE = SimpleString.of("lt_contentType");
    private static final SimpleString SIZE = SimpleString.of("lt_size");
    private static final SimpleString CREATED = SimpleString.of("lt_created");
    private static final SimpleString CONTENT_REF = SimpleString.of("lt_contentRef");
    private static final SimpleString RECIPIENTS = SimpleString.of("lt_recipientCount");
    private static final SimpleString REPLAY = SimpleString.of("lt_replay");
    /** Set on dead-letter copies: why the delivery died. */
    public static final SimpleString DEAD_REASON = SimpleString.of("lt_deadReason");
    /** Selector property names, for operators' tools and replay. */
    public static final String ID_PROPERTY = "lt_id";
    public static final String TO_PROPERTY = "lt_to";

    /** Builds the durable queue entry; its duplicate id makes a repeated send of the same delivery a no-op. */
    public ClientMessage toClientMessage(ClientSession session) {
        ClientMessage m = session.createMessage(true);
        m.setRoutingType(RoutingType.ANYCAST);
        m.putStringProperty(ID, message.id());
        m.putStringProperty(TYPE, message.type());
        m.putStringProperty(FROM, message.from());
        m.putStringProperty(TO, recipient);
        if (message.conversationId() != null) {
            m.putStringProperty(CONVERSATION, message.conversationId());
            // Keeps one conversation on one consumer when several nodes serve the same agency queue.
            m.putStringProperty(Message.HDR_GROUP_ID, SimpleString.of(message.conversationId()));
        }
        if (message.subject() != null) {
            m.putStringProperty(SUBJECT, message.subject());
        }
        m.putStringProperty(CONTENT_TYPE, message.contentType());
        m.putLongProperty(SIZE, message.size());
        m.putLongProperty(CREATED, message.createdAt().toEpochMilli());
        m.putIntProperty(RECIPIENTS, message.recipients().size());
        if (message.contentRef() != null) {
            m.putStringProperty(CONTENT_REF, message.contentRef());
        }
        if (replayGeneration > 0) {
            m.putIntProperty(REPLAY, replayGeneration);
        }
        m.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(duplicateId()));
        if (inlinePayload != null) {
            m.getBodyBuffer().writeBytes(inlinePayload);
        }
        return m;
    }

    /** Sender, id and recipient: one delivery of one message, whoever sends it and however often. */
    public String duplicateId() {
        return message.from() + '|' + message.id() + '|' + recipient + (replayGeneration > 0 ? "|replay" + replayGeneration : "");
    }

    /** Reads a queue entry back. */
    public static QueuedMessage from(ClientMessage m) {
        String contentRef = string(m, CONTENT_REF);
        byte[] body = null;
        if (contentRef == null) {
            body = new byte[m.getBodySize()];
            m.getReadOnlyBodyBuffer().readBytes(body);
        }
        String recipient = string(m, TO);
        MessageRecord record = new MessageRecord(string(m, ID), string(m, TYPE), string(m, FROM), List.of(recipient),
                string(m, CONVERSATION), string(m, SUBJECT), string(m, CONTENT_TYPE),
                m.containsProperty(SIZE) ? m.getLongProperty(SIZE) : (body == null ? 0 : body.length),
                Instant.ofEpochMilli(m.getLongProperty(CREATED)), contentRef);
        int replay = m.containsProperty(REPLAY) ? m.getIntProperty(REPLAY) : 0;
        return new QueuedMessage(record, recipient, body, replay);
    }

    private static String string(ClientMessage m, SimpleString name) {
        SimpleString value = m.getSimpleStringProperty(name);
        return value == null ? null : value.toString();
    }
}
