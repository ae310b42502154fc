package org.lienthong.messages;

import java.util.List;
import java.util.Objects;

import org.lienthong.connector.Payload;
import org.lienthong.model.MessageType;
import org.lienthong.registry.Agency;

/**
 * A validated message ready to be accepted: every flow (generic, e-Doc, feedback, ...) turns its request
 * into one of these and hands it to {@link MessageAcceptor}.
 *
 * @param id             bus message id (client-supplied or generated)
 * @param idSupplied     whether the client chose the id (only then can it be a re-submission)
 * @param type           message type
 * @param sender         the authenticated sending agency
 * @param recipients     registered recipients that accept the type, without duplicates
 * @param conversationId optional conversation (delivery order is kept within it, per recipient)
 * @param subject        optional subject
 * @param contentType    payload media type
 * @param payload        the payload as it will be delivered: bytes, or a synced file staged in the content store
 */
public record Submission(String id, boolean idSupplied, MessageType type, Agency sender, List<Agency> recipients,
                         String conversationId, String subject, String contentType, Payload payload) {
    public Submission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(payload, "payload");
    }
}
