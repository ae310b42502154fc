package org.lienthong.connector.camel;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
        CompletableFuture<DeliveryOutcome> outcome;
        try {
            outcome = Objects.requireNonNull(connector.deliver(message, target), "connector answered no future");
        } catch (RuntimeException e) {
            // a connector that throws instead of answering must not leave the exchange without its callback
            exchange.getMessage().setBody(connectorError(e));
            callback.done(true);
            return true;
        }
        outcome.whenComplete((delivered, error) -> {
            exchange.getMessage().setBody(error == null ? delivered : connectorError(error));
            callback.done(false);
        });
        return false;
    }

    private static DeliveryOutcome connectorError(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return DeliveryOutcome.retry("connector error: " + cause.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return "connector:" + connector.name();
    }
}
