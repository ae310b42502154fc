package org.lienthong.model;

/**
 * State of one (message, recipient) delivery (SPEC §4): {@code QUEUED -> DELIVERED}, or
 * {@code RETRYING -> DEAD}, and {@code DEAD -> QUEUED} again on replay. A mailbox delivery stays
 * {@code QUEUED} until the recipient acknowledges it.
 */
public enum DeliveryStatus {
    QUEUED, RETRYING, DELIVERED, DEAD;

    public boolean isFinal() {
        return this == DELIVERED || this == DEAD;
    }
}
