package org.lienthong.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * One message on its way to one recipient: what every delivery connector receives.
 *
 * @param messageId      the bus message id; receivers drop repeats by it
 * @param from           the sending agency's code (always the authenticated sender)
 * @param recipient      the receiving agency's code
 * @param type           message type (edoc, feedback, generic, ...)
 * @param conversationId optional conversation the message belongs to
 * @param subject        optional subject line
 * @param contentType    media type of the payload
 * @param createdAt      when the bus accepted the message
 * @param payload        the bytes as sent
 * @param attempt        1 for the first attempt, 2 for the first retry, ...
 */
public record OutboundMessage(String messageId, String from, String recipient, String type, String conversationId,
                              String subject, String contentType, Instant createdAt, Payload payload, int attempt) {

    public OutboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(payload, "payload");
    }
}
