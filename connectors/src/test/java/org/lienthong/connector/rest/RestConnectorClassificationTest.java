package org.lienthong.connector.rest;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.util.Deadline;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.SampleMessages;

/**
 * How the rest connector classifies the failures HttpClient reports (SPEC §5 rule 4). The exception types are
 * the ones HttpClient 5 async hands to the callback; the end-to-end cases are in {@link RestConnectorTest}.
 */
class RestConnectorClassificationTest {

    @Test
    void connectionErrorsAndTimeoutsAreTransient() {
        assertTransient(new ConnectionClosedException("Connection closed by peer"), "ConnectionClosedException");
        assertTransient(new HttpHostConnectException("Connect to http://127.0.0.1:1 failed"), "connection refused");
        assertTransient(new ConnectException("Connection refused"), "connection refused");
        assertTransient(new ConnectTimeoutException("Connect timed out"), "timeout");
        // the async client's response timeout: the connection's socket timeout fires
        assertTransient(new SocketTimeoutException("300 MILLISECONDS"), "timeout");
        // waiting too long for a pooled connection
        assertTransient(DeadlineTimeoutException.from(Deadline.calculate(TimeValue.ofMilliseconds(1))), "timeout");
        assertTransient(new UnknownHostException("vanthu.example.gov.vn"), "unknown host");
        assertTransient(new SSLHandshakeException("PKIX path building failed"), "TLS");
        assertTransient(new IOException("Broken pipe"), "Broken pipe");
    }

    @Test
    void cancellationIsTransient() {
        assertTransient(new CancellationException("Operation cancelled"), "cancelled");
    }

    @Test
    void aMalformedAnswerIsTransient() {
        // a recipient answering garbage is misbehaving now; it may be fixed by the next attempt
        assertTransient(new ProtocolException("Invalid response line"), "ProtocolException");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 599, 408, 429})
    void retryableStatuses(int status) {
        assertThat(RestConnector.classify(new BasicHttpResponse(status))).isInstanceOf(DeliveryOutcome.Transient.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 301, 304, 400, 401, 403, 404, 409, 422, 451, 499})
    void otherNonSuccessStatusesArePermanent(int status) {
        assertThat(RestConnector.classify(new BasicHttpResponse(status))).isInstanceOf(DeliveryOutcome.Permanent.class);
    }

    @Test
    void deliveringThroughAClosedConnectorIsTransientNotAnException() throws Exception {
        RestConnector connector = new RestConnector(RestConnector.Settings.defaults());
        connector.close();

        CompletableFuture<DeliveryOutcome> future = connector.deliver(SampleMessages.json("after-close"),
                new DeliveryTarget("rest", "http://127.0.0.1:9/inbox"));

        assertThat(future.get(10, SECONDS)).isInstanceOf(DeliveryOutcome.Transient.class);
    }

    private static void assertTransient(Exception failure, String reasonMentions) {
        DeliveryOutcome outcome = RestConnector.classify(failure);
        assertThat(outcome).as(failure.getClass().getName()).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).containsIgnoringCase(reasonMentions);
    }
}
