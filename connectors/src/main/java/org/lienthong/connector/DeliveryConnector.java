package org.lienthong.connector;

import java.util.concurrent.CompletableFuture;

/**
 * A way of handing a message to a recipient agency's system. Implementations never block the caller:
 * a slow recipient holds a connection or a file handle, not a bus thread.
 */
public interface DeliveryConnector {

    /** The registry name of the connector: {@code rest}, {@code file}, {@code soap}. */
    String name();

    /**
     * Attempts one delivery. The future completes with the classified outcome; it never completes
     * exceptionally for a failure of the recipient (that is a {@link DeliveryOutcome.Transient}).
     */
    CompletableFuture<DeliveryOutcome> deliver(OutboundMessage message, DeliveryTarget target);
}
