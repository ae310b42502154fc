package org.lienthong.connector.camel;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lienthong.connector.DeliveryConnector;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.SampleMessages;
import org.lienthong.connector.file.FileConnector;

/** The processor as a step of a real Camel route. */
class ConnectorProcessorTest {

    @TempDir
    Path inbox;

    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private CamelContext camel;
    private ProducerTemplate template;

    private void startRouteWith(DeliveryConnector connector) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver").routeId("delivery.test")
                        .process(new ConnectorProcessor(connector)).id("connector");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        io.shutdownNow();
    }

    /** Sends one exchange through the route; bounded, so a lost callback fails the test instead of hanging it. */
    private Exchange send(Object body, DeliveryTarget target) throws Exception {
        return template.asyncSend("direct:deliver", exchange -> {
            exchange.getMessage().setBody(body);
            if (target != null) {
                exchange.setProperty(ConnectorProcessor.TARGET, target);
            }
        }).get(10, SECONDS);
    }

    @Test
    void theOutcomeBecomesTheBody() throws Exception {
        startRouteWith(new FileConnector(new ObjectMapper(), io));

        Exchange done = send(SampleMessages.json("via-camel"), new DeliveryTarget("file", inbox.toString()));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(inbox.resolve("via-camel.json")).exists();
    }

    @Test
    void aFailedDeliveryIsAnOutcomeNotAnException() throws Exception {
        startRouteWith(new FileConnector(new ObjectMapper(), io));

        Exchange done = send(SampleMessages.json("../escape"), new DeliveryTarget("file", inbox.toString()));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOf(DeliveryOutcome.Permanent.class);
    }

    @Test
    void aMissingTargetIsPermanent() throws Exception {
        startRouteWith(new FileConnector(new ObjectMapper(), io));

        Exchange done = send(SampleMessages.json("no-target"), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(inbox).isEmptyDirectory();
    }

    @Test
    void aBodyThatIsNotAMessageIsPermanent() throws Exception {
        startRouteWith(new FileConnector(new ObjectMapper(), io));

        Exchange done = send("{\"tieuDe\":\"không phải OutboundMessage\"}", new DeliveryTarget("file", inbox.toString()));

        assertThat(done.getMessage().getBody()).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(inbox).isEmptyDirectory();
    }

    @Test
    void theRouteWaitsForTheConnectorWithoutBlockingTheCaller() throws Exception {
        CompletableFuture<DeliveryOutcome> recipient = new CompletableFuture<>();
        startRouteWith(new FixedConnector(recipient));

        Future<Exchange> pending = template.asyncSend("direct:deliver", exchange -> {
            exchange.getMessage().setBody(SampleMessages.json("slow"));
            exchange.setProperty(ConnectorProcessor.TARGET, new DeliveryTarget("rest", "http://127.0.0.1:9/"));
        });
        assertThat(pending).isNotDone();
        recipient.complete(DeliveryOutcome.delivered("HTTP 202"));

        assertThat(pending.get(10, SECONDS).getMessage().getBody()).isEqualTo(DeliveryOutcome.delivered("HTTP 202"));
    }

    @Test
    void aConnectorFutureThatFailsBecomesTransient() throws Exception {
        startRouteWith(new FixedConnector(CompletableFuture.failedFuture(new IllegalStateException("pool closed"))));

        Exchange done = send(SampleMessages.json("broken"), new DeliveryTarget("rest", "http://127.0.0.1:9/"));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) done.getMessage().getBody()).reason()).contains("IllegalStateException");
    }

    @Test
    void aConnectorThatThrowsBecomesTransient() throws Exception {
        startRouteWith(new FixedConnector(null));

        Exchange done = send(SampleMessages.json("throws"), new DeliveryTarget("rest", "http://127.0.0.1:9/"));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOf(DeliveryOutcome.Transient.class);
    }

    /** A connector that answers with the given future, or throws when there is none. */
    private record FixedConnector(CompletableFuture<DeliveryOutcome> answer) implements DeliveryConnector {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(OutboundMessage message, DeliveryTarget target) {
            if (answer == null) {
                throw new IllegalStateException("connector closed");
            }
            return answer;
        }
    }
}
