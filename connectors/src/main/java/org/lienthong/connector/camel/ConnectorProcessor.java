package org.lienthong.connector.camel;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.lienthong.connector.DeliveryConnector;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;

/**
 * Runs a {@link DeliveryConnector} as an asynchronous step of a Camel route.
 *
 * <p>Contract: the exchange body is the {@link OutboundMessage}; the exchange property
 * {@value #TARGET} holds the {@link DeliveryTarget}. Afterwards the body is the {@link DeliveryOutcome}.
 * The route thread is released while the recipient works.
 */
public final class ConnectorProcessor extends AsyncProcessorSupport {

    /** Exchange property holding the {@link DeliveryTarget}. */
    public static final String TARGET = "lienthong.deliveryTarget";

    private final DeliveryConnector connector;

    public ConnectorProcessor(DeliveryConnector connector) {
        this.connector = connector;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        OutboundMessage message = exchange.getMessage().getBody(OutboundMessage.class);
        DeliveryTarget target = exchange.getProperty(TARGET, DeliveryTarget.class);
        if (message == null || target == null) {
            exchange.getMessage().setBody(DeliveryOutcome.fail("delivery exchange without message or target"));
            callback.done(true);
            return true;
        }
        connector.deliver(message, target).whenComplete((outcome, error) -> {
            exchange.getMessage().setBody(error == null ? outcome
                    : DeliveryOutcome.retry("connector error: " + error.getClass().getSimpleName()));
            callback.done(false);
        });
        return false;
    }

    @Override
    public String toString() {
        return "connector:" + connector.name();
    }
}
