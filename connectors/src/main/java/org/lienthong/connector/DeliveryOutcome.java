package org.lienthong.connector;

/**
 * How one delivery attempt ended. The connector classifies; the bus decides what follows
 * (retry with backoff, dead letter, done).
 */
public sealed interface DeliveryOutcome {

    /** The recipient took the message (2xx, file renamed into place, ...). */
    record Delivered(String detail) implements DeliveryOutcome {
    }

    /** Worth retrying: connection error, timeout, HTTP 5xx/408/429, SOAP server fault, I/O error. */
    record Transient(String reason) implements DeliveryOutcome {
    }

    /** Retrying cannot help: other HTTP 4xx, SOAP client fault, a misconfigured endpoint. */
    record Permanent(String reason) implements DeliveryOutcome {
    }

    static DeliveryOutcome delivered(String detail) {
        return new Delivered(detail);
    }

    static DeliveryOutcome retry(String reason) {
        return new Transient(reason);
    }

    static DeliveryOutcome fail(String reason) {
        return new Permanent(reason);
    }
}
