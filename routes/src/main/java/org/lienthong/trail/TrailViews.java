package org.lienthong.trail;

import java.time.Instant;
import java.util.List;

import org.lienthong.model.DeliveryStatus;

/** Read models of the trail, as the API shows them. */
public final class TrailViews {

    private TrailViews() {
    }

    /** One delivery's current state. */
    public record DeliveryView(String to, DeliveryStatus status, int attempts, String lastError, Instant deliveredAt,
                               Instant updatedAt) {
    }

    /** One recorded state change. */
    public record EventView(long seq, Instant at, String recipient, String event, String detail) {
    }

    /** A message with its deliveries and history. */
    public record MessageTrail(MessageRecord message, List<DeliveryView> deliveries, List<EventView> events) {
    }

    /** A mailbox entry as listed for the recipient. */
    public record MailboxEntry(String id, String from, String type, String subject, Instant createdAt, long size,
                               String conversationId, String contentType) {
    }

    /** A mailbox entry with its payload (inline bytes or a content store reference). */
    public record MailboxItem(MailboxEntry entry, byte[] payload, String contentRef, boolean acknowledged) {
    }

    /** A dead delivery, for operators. */
    public record DeadLetter(String messageId, String to, String from, String type, int attempts, String reason,
                             Instant deadAt, Instant createdAt) {
    }

    /** One usage counter row. */
    public record UsageRow(String month, String from, String type, String to, long messages, long bytes) {
    }
}
