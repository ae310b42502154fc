package org.lienthong.delivery;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.camel.ConnectorProcessor;

/**
 * Hands one delivery attempt to the Camel route of the recipient's connector ({@code delivery.rest},
 * {@code delivery.file}, {@code delivery.mailbox}, ...), asynchronously, and returns its outcome. The
 * routes are what operators watch in Hawtio.
 */
public final class DeliveryDispatcher {

    private final CamelContext camel;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();

    public DeliveryDispatcher(CamelContext camel) {
        this.camel = camel;
    }

    public CompletableFuture<DeliveryOutcome> dispatch(OutboundMessage message, DeliveryTarget target) {
        if (camel.getRoute("delivery." + target.connector()) == null) {
            // a node without this connector (or not started yet): try again later, the message is not at fault
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.retry("connector '" + target.connector() + "' is not available on this node"));
        }
        AsyncProducer producer;
        try {
            producer = producers.computeIfAbsent(target.connector(), this::producerFor);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    DeliveryOutcome.fail("no delivery route for connector '" + target.connector() + "'"));
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(message);
        exchange.setProperty(ConnectorProcessor.TARGET, target);
        return producer.processAsync(exchange).handle((done, error) -> {
            if (error != null) {
                return DeliveryOutcome.retry("delivery route failed: " + error.getClass().getSimpleName());
            }
            if (done.getException() != null) {
                return DeliveryOutcome.retry("delivery route failed: " + done.getException().getClass().getSimpleName());
            }
            DeliveryOutcome outcome = done.getMessage().getBody(DeliveryOutcome.class);
            return outcome != null ? outcome : DeliveryOutcome.retry("delivery route gave no outcome");
        });
    }

    private AsyncProducer producerFor(String connector) {
        Endpoint endpoint = camel.hasEndpoint("direct:delivery." + connector);
        if (endpoint == null) {
            endpoint = camel.getEndpoint("direct:delivery." + connector);
        }
        try {
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
