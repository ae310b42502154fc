package org.lienthong.messaging;

/**
 * Names of the broker addresses the bus uses (broker.xml declares their settings).
 * One durable anycast queue per recipient agency: a dead or slow agency's backlog waits in its own queue
 * and never stands in front of another agency's messages.
 */
public final class DeliveryQueues {

    public static final String DELIVERY_PREFIX = "lienthong.delivery.";
    public static final String DEAD_LETTER = "lienthong.dead-letter";

    private DeliveryQueues() {
    }

    public static String forAgency(String code) {
        return DELIVERY_PREFIX + code;
    }

    /** The agency code of a delivery queue name, or null for other queues. */
    public static String agencyOf(String queueName) {
        return queueName.startsWith(DELIVERY_PREFIX) ? queueName.substring(DELIVERY_PREFIX.length()) : null;
    }
}
