package org.lienthong.trail;

import java.time.Instant;

/**
 * A state change the trail records. Each is applied idempotently by {@link TrailWriter}, so a message
 * redelivered after a crash never corrupts the trail.
 */
public sealed interface TrailEvent {

    /** The message id the event belongs to. */
    String messageId();

    /**
     * Accepted by the bus: one delivery per recipient, {@code QUEUED}; usage counted per recipient. {@code fresh}
     * says the broker took the message as new (not a repeat of an id it knew), so the trail is not expected to
     * have it: the writer inserts it without looking first, and looks only if the insert collides.
     */
    record Accepted(MessageRecord message, Instant at, boolean fresh) implements TrailEvent {
        /** An acceptance the trail may already have (a repeat): the writer checks before inserting. */
        public Accepted(MessageRecord message, Instant at) {
            this(message, at, false);
        }

        @Override
        public String messageId() {
            return message.id();
        }
    }

    /**
     * A delivery reached a new state. {@code repair} (the message as its queue entry describes it) lets the
     * writer recreate a delivery whose acceptance record was lost in a crash.
     */
    record DeliveryChanged(Change change, String messageId, String recipient, int attempts, String detail,
                           Instant at, MessageRecord repair) implements TrailEvent {
    }

    /** The message was stored in the recipient's mailbox; the delivery stays QUEUED until acknowledged. */
    record Mailboxed(String messageId, String recipient, byte[] payload, String contentRef, Instant at,
                     MessageRecord repair) implements TrailEvent {
    }

    /** A fact worth recording that does not change a delivery's state (business statuses, notes). */
    record Noted(String messageId, String recipient, String eventType, String detail, Instant at) implements TrailEvent {
    }

    /** What happened to a delivery. */
    enum Change {
        DELIVERED, RETRYING, DEAD, REPLAYED, ACKNOWLEDGED
    }
}
