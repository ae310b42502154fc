package org.lienthong.trail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the trail keeps of an accepted message (the payload itself travels through the broker).
 *
 * @param id             bus message id
 * @param type           message type wire name
 * @param from           sending agency
 * @param recipients     every recipient agency, in request order
 * @param conversationId optional conversation
 * @param subject        optional subject
 * @param contentType    payload media type
 * @param size           payload size in bytes
 * @param createdAt      acceptance time
 * @param contentRef     content store reference when the payload is kept outside the queue entries
 */
public record MessageRecord(String id, String type, String from, List<String> recipients, String conversationId,
                            String subject, String contentType, long size, Instant createdAt, String contentRef) {
    public MessageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The same message as seen by one recipient, for repairing a trail that lost its acceptance record. */
    public MessageRecord forRecipient(String recipient) {
        return new MessageRecord(id, type, from, List.of(recipient), conversationId, subject, contentType, size,
                createdAt, contentRef);
    }
}
