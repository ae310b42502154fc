package org.lienthong.connector.rest;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lienthong.connector.SampleMessages.CREATED_AT;
import static org.lienthong.connector.SampleMessages.FROM;
import static org.lienthong.connector.SampleMessages.RECIPIENT;
import static org.lienthong.connector.SampleMessages.VIETNAMESE_JSON;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lienthong.connector.DeliveryHeaders;
import org.lienthong.connector.DeliveryOutcome;
import org.lienthong.connector.DeliveryTarget;
import org.lienthong.connector.OutboundMessage;
import org.lienthong.connector.Payload;
import org.lienthong.connector.SampleMessages;

/** The rest connector against a real HTTP recipient on loopback. */
class RestConnectorTest {

    private static RecordingReceiver receiver;
    private static RestConnector connector;

    @BeforeAll
    static void start() throws IOException {
        receiver = new RecordingReceiver();
        connector = new RestConnector(RestConnector.Settings.defaults());
    }

    @AfterAll
    static void stop() {
        connector.close();
        receiver.close();
    }

    private static DeliveryOutcome deliver(OutboundMessage message, String url) throws Exception {
        return deliver(connector, message, url);
    }

    private static DeliveryOutcome deliver(RestConnector connector, OutboundMessage message, String url)
            throws Exception {
        return connector.deliver(message, new DeliveryTarget("rest", url)).get(10, SECONDS);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void anyTwoHundredIsDelivered(int status) throws Exception {
        String id = "ok-" + status;

        DeliveryOutcome outcome = deliver(SampleMessages.json(id), receiver.url("/status/" + status));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(((DeliveryOutcome.Delivered) outcome).detail()).contains(Integer.toString(status));
        assertThat(receiver.received(id).method()).isEqualTo("POST");
    }

    @Test
    void vietnameseJsonArrivesByteForByteWithItsContentTypeAndAllHeaders() throws Exception {
        OutboundMessage message = new OutboundMessage("0f8fad5b-d9cb-469f-a165-70867728950e", FROM, RECIPIENT,
                "feedback", "conv-2025-0042", "Phản ánh", "application/json; charset=UTF-8", CREATED_AT,
                Payload.of(VIETNAMESE_JSON.getBytes(StandardCharsets.UTF_8)), 3);

        DeliveryOutcome outcome = deliver(message, receiver.url("/inbox"));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        RecordingReceiver.Received got = receiver.received(message.messageId());
        assertThat(got.path()).isEqualTo("/inbox");
        assertThat(got.body()).isEqualTo(VIETNAMESE_JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo(VIETNAMESE_JSON);
        assertThat(got.header("Content-Type")).isEqualToIgnoringCase("application/json; charset=UTF-8");
        assertThat(got.header(DeliveryHeaders.MESSAGE_ID)).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(got.header(DeliveryHeaders.FROM)).isEqualTo(FROM);
        assertThat(got.header(DeliveryHeaders.TYPE)).isEqualTo("feedback");
        assertThat(got.header(DeliveryHeaders.CONVERSATION_ID)).isEqualTo("conv-2025-0042");
        assertThat(got.header(DeliveryHeaders.ATTEMPT)).isEqualTo("3");
        assertThat(got.header(DeliveryHeaders.CREATED_AT)).isEqualTo("2025-03-14T08:30:00Z");
    }

    @Test
    void conversationIdHeaderIsAbsentWhenTheMessageHasNone() throws Exception {
        OutboundMessage message = SampleMessages.json("no-conversation");

        assertThat(deliver(message, receiver.url("/inbox"))).isInstanceOf(DeliveryOutcome.Delivered.class);

        RecordingReceiver.Received got = receiver.received("no-conversation");
        assertThat(got.headers()).doesNotContainKey(DeliveryHeaders.CONVERSATION_ID);
        assertThat(got.header(DeliveryHeaders.ATTEMPT)).isEqualTo("1");
    }

    @Test
    void binaryPayloadArrivesIntact() throws Exception {
        byte[] bytes = new byte[64 * 1024];
        new Random(42).nextBytes(bytes);
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i; // every byte value, including NUL, CR, LF and 0xFF
        }
        OutboundMessage message = SampleMessages.message("binary", "application/octet-stream", Payload.of(bytes));

        assertThat(deliver(message, receiver.url("/inbox"))).isInstanceOf(DeliveryOutcome.Delivered.class);

        RecordingReceiver.Received got = receiver.received("binary");
        assertThat(got.body()).isEqualTo(bytes);
        assertThat(got.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void filePayloadIsStreamedAndArrivesIntact(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[4 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("package.edxml"), bytes);
        OutboundMessage message = SampleMessages.message("in-file", "application/xml",
                new Payload.InFile(file, bytes.length));

        assertThat(deliver(message, receiver.url("/inbox"))).isInstanceOf(DeliveryOutcome.Delivered.class);

        RecordingReceiver.Received got = receiver.received("in-file");
        assertThat(got.body()).hasSize(bytes.length).isEqualTo(bytes);
        assertThat(got.header("Content-Type")).isEqualTo("application/xml");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408, 429})
    void serverErrorsTimeoutAndTooManyRequestsAreTransient(int status) throws Exception {
        DeliveryOutcome outcome = deliver(SampleMessages.json("transient-" + status), receiver.url("/status/" + status));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("HTTP " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 410, 413, 415, 422})
    void otherClientErrorsArePermanent(int status) throws Exception {
        DeliveryOutcome outcome = deliver(SampleMessages.json("permanent-" + status), receiver.url("/status/" + status));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("HTTP " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void redirectsAreNotFollowedAndArePermanent(int status) throws Exception {
        String id = "redirect-" + status;

        DeliveryOutcome outcome = deliver(SampleMessages.json(id), receiver.url("/status/" + status));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("HTTP " + status);
        // the redirect target (/status/200) would have recorded the same message id last
        assertThat(receiver.received(id).path()).isEqualTo("/status/" + status);
    }

    @Test
    void connectionRefusedIsTransient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        DeliveryOutcome outcome = deliver(SampleMessages.json("refused"), "http://127.0.0.1:" + port + "/inbox");

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).containsIgnoringCase("connection refused");
    }

    @Test
    void aRecipientThatNeverAnswersTimesOutAsTransient() throws Exception {
        RestConnector.Settings impatient = new RestConnector.Settings(Duration.ofSeconds(2), Duration.ofMillis(300),
                4, 16, 1);
        try (RecordingReceiver silent = new RecordingReceiver(); RestConnector quick = new RestConnector(impatient)) {
            DeliveryOutcome outcome = deliver(quick, SampleMessages.json("hang"), silent.url("/hang"));

            assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
            assertThat(((DeliveryOutcome.Transient) outcome).reason()).containsIgnoringCase("timeout");
            assertThat(silent.received("hang")).as("the request reached the recipient").isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://x/inbox", "file:///tmp/inbox", "mailto:vanthu@example.gov.vn",
            "http:///inbox", "http://", "https:inbox", "/inbox", "127.0.0.1:8080/inbox", ""})
    void anUnusableUrlIsPermanentAndNothingIsThrown(String url) throws Exception {
        CompletableFuture<DeliveryOutcome> future = connector.deliver(SampleMessages.json("bad-url"),
                new DeliveryTarget("rest", url));

        DeliveryOutcome outcome = future.get(10, SECONDS);
        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).startsWith("invalid endpoint");
    }

    @Test
    void manyConcurrentDeliveriesShareThePoolAndAllArrive() throws Exception {
        List<CompletableFuture<DeliveryOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(connector.deliver(SampleMessages.json("concurrent-" + i),
                    new DeliveryTarget("rest", receiver.url("/inbox"))));
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, SECONDS);

        assertThat(futures).allSatisfy(f -> assertThat(f.join()).isInstanceOf(DeliveryOutcome.Delivered.class));
        for (int i = 0; i < 500; i++) {
            assertThat(receiver.received("concurrent-" + i)).isNotNull();
        }
    }
}
