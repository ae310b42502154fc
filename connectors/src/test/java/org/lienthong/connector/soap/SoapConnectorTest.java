package org.lienthong.connector.soap;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
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

/** The soap connector against a real CXF recipient (and a few misbehaving HTTP servers) on loopback. */
class SoapConnectorTest {

    private static final String PACKAGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
              <edXMLHeader><MessageHeader>
                <From><OrganId>000.00.00.G22</OrganId><OrganName>Văn phòng Chính phủ</OrganName></From>
                <To><OrganId>000.00.01.H29</OrganId><OrganName>Sở Xây dựng Hà Nội</OrganName></To>
                <DocumentId>000.00.00.G22,2025/03/14,12/VPCP-TTĐT</DocumentId>
                <Subject>Về việc triển khai trục liên thông văn bản — khẩn</Subject>
              </MessageHeader></edXMLHeader>
              <edXMLBody/>
            </edXMLEnvelope>
            """;

    private static SoapRecipient recipient;
    private static ExecutorService calls;
    private static SoapConnector connector;

    @BeforeAll
    static void start() throws Exception {
        recipient = new SoapRecipient();
        calls = Executors.newFixedThreadPool(8);
        connector = new SoapConnector(new SoapConnector.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30),
                64 * 1024, 16), calls);
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        calls.shutdownNow();
        recipient.close();
    }

    private static OutboundMessage edoc(String id, String type, Payload payload) {
        return new OutboundMessage(id, SampleMessages.FROM, SampleMessages.RECIPIENT, type, "conv-2025-0042",
                SampleMessages.SUBJECT, "application/xml", SampleMessages.CREATED_AT, payload, 2);
    }

    private static OutboundMessage edoc(String id) {
        return edoc(id, "edoc", Payload.of(PACKAGE.getBytes(StandardCharsets.UTF_8)));
    }

    private static DeliveryOutcome deliver(SoapConnector connector, OutboundMessage message, String url)
            throws Exception {
        return connector.deliver(message, new DeliveryTarget("soap", url)).get(60, SECONDS);
    }

    private static DeliveryOutcome deliver(OutboundMessage message, String url) throws Exception {
        return deliver(connector, message, url);
    }

    @Test
    void aPackageIsDeliveredBySendEdocWithTheDeliveryHeaders() throws Exception {
        DeliveryOutcome outcome = deliver(edoc("pkg-1"), recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(((DeliveryOutcome.Delivered) outcome).detail()).contains("sendEdoc").contains("recipient-pkg-1");
        SoapRecipient.Received got = recipient.received("pkg-1");
        assertThat(got.operation()).isEqualTo("sendEdoc");
        assertThat(got.header(DeliveryHeaders.FROM)).isEqualTo(SampleMessages.FROM);
        assertThat(got.header(DeliveryHeaders.TYPE)).isEqualTo("edoc");
        assertThat(got.header(DeliveryHeaders.CONVERSATION_ID)).isEqualTo("conv-2025-0042");
        assertThat(got.header(DeliveryHeaders.ATTEMPT)).isEqualTo("2");
        assertThat(got.header(DeliveryHeaders.CREATED_AT)).isEqualTo("2025-03-14T08:30:00Z");
        // MTOM: the package is a binary MIME part, not base64 inside the envelope
        assertThat(got.header("Content-Type")).startsWith("multipart/related").contains("application/xop+xml");
    }

    @Test
    void vietnameseTextInAStatusPacketArrivesByteForByteThroughSendStatus() throws Exception {
        byte[] bytes = PACKAGE.getBytes(StandardCharsets.UTF_8);

        DeliveryOutcome outcome = deliver(edoc("status-1", "edoc-status", Payload.of(bytes)), recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        SoapRecipient.Received got = recipient.received("status-1");
        assertThat(got.operation()).isEqualTo("sendStatus");
        assertThat(got.size()).isEqualTo(bytes.length);
        assertThat(got.head()).isEqualTo(bytes);
        assertThat(new String(got.head(), StandardCharsets.UTF_8)).contains("Văn phòng Chính phủ", "12/VPCP-TTĐT",
                "Về việc triển khai trục liên thông văn bản — khẩn");
    }

    @Test
    void aFiveMegabytePackageInAFileIsStreamedAsAnMtomAttachmentUnchanged(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[5 * 1024 * 1024 + 13];
        new Random(20250314).nextBytes(bytes);
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i; // every byte value, CR/LF and MIME-boundary-looking bytes included
        }
        Path file = Files.write(dir.resolve("package.edxml"), bytes);

        DeliveryOutcome outcome = deliver(edoc("big-1", "edoc", new Payload.InFile(file, bytes.length)),
                recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        SoapRecipient.Received got = recipient.received("big-1");
        assertThat(got.size()).isEqualTo(bytes.length);
        assertThat(got.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(got.header("Content-Type")).startsWith("multipart/related");
        // sent chunked: the connector never needed the whole package in memory to compute a length
        assertThat(got.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
    }

    @Test
    void aSoapServerFaultIsTransient() throws Exception {
        DeliveryOutcome outcome = deliver(edoc("server-fault-1"), recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("Server").contains("UNAVAILABLE");
    }

    @Test
    void aSoapClientFaultIsPermanentAndKeepsTheRecipientsWords() throws Exception {
        DeliveryOutcome outcome = deliver(edoc("client-fault-1"), recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("Client").contains("INVALID_SIGNATURE")
                .contains(SoapRecipient.CLIENT_FAULT_MESSAGE);
    }

    @Test
    void aRateLimitedClientFaultIsRetriedLikeHttp429() throws Exception {
        DeliveryOutcome outcome = deliver(edoc("rate-limited-1"), recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("RATE_LIMITED");
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 502, 500, 504, 408, 429})
    void httpServerErrorsTimeoutAndTooManyRequestsWithoutASoapAnswerAreTransient(int status) throws Exception {
        try (StatusServer server = new StatusServer(status)) {
            DeliveryOutcome outcome = deliver(edoc("http-" + status), server.url());

            assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 413, 415})
    void otherHttpClientErrorsArePermanent(int status) throws Exception {
        try (StatusServer server = new StatusServer(status)) {
            DeliveryOutcome outcome = deliver(edoc("http-" + status), server.url());

            assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
            assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("HTTP " + status);
        }
    }

    @Test
    void http503IsTransientAndNamed() throws Exception {
        try (StatusServer server = new StatusServer(503)) {
            DeliveryOutcome outcome = deliver(edoc("http-503-named"), server.url());

            assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
            assertThat(((DeliveryOutcome.Transient) outcome).reason()).contains("HTTP 503");
        }
    }

    @Test
    void connectionRefusedIsTransient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        DeliveryOutcome outcome = deliver(edoc("refused"), "http://127.0.0.1:" + port + "/services/edoc");

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
        assertThat(((DeliveryOutcome.Transient) outcome).reason()).containsIgnoringCase("connection refused");
    }

    @Test
    void aRecipientThatNeverAnswersTimesOutAsTransient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (SilentServer silent = new SilentServer(true);
             SoapConnector impatient = new SoapConnector(new SoapConnector.Settings(Duration.ofSeconds(2),
                     Duration.ofMillis(300), 64 * 1024, 4), pool)) {
            DeliveryOutcome outcome = deliver(impatient, edoc("hang"), silent.url());

            assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
            assertThat(((DeliveryOutcome.Transient) outcome).reason()).containsIgnoringCase("timeout");
            assertThat(silent.bytesRead()).as("the request reached the recipient").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRecipientThatStopsReadingTheUploadIsCutOffAtTheDeadline(@TempDir Path dir) throws Exception {
        // larger than what loopback socket buffers absorb, so the upload itself blocks
        Path file = dir.resolve("large.edxml");
        byte[] block = new byte[1024 * 1024];
        new Random(1).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 48; i++) {
                out.write(block);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(1);
        // deadline: 1 s + 300 ms + 48 MB at 1 GB/s
        try (SilentServer stalled = new SilentServer(false);
             SoapConnector impatient = new SoapConnector(new SoapConnector.Settings(Duration.ofSeconds(1),
                     Duration.ofMillis(300), 1024L * 1024 * 1024, 4), pool)) {
            long started = System.nanoTime();
            DeliveryOutcome outcome = deliver(impatient, edoc("stalled", "edoc",
                    new Payload.InFile(file, Files.size(file))), stalled.url());

            assertThat(outcome).isInstanceOf(DeliveryOutcome.Transient.class);
            assertThat(((DeliveryOutcome.Transient) outcome).reason()).containsIgnoringCase("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"generic", "dossier", "directive"})
    void otherMessageTypesArePermanentAndNothingIsSent(String type) throws Exception {
        DeliveryOutcome outcome = deliver(edoc("wrong-type-" + type, type, Payload.of("{}".getBytes())),
                recipient.url());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("soap connector carries e-Doc and feedback only");
        assertThat(recipient.received("wrong-type-" + type)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://x/edoc", "file:///tmp/edoc", "http:///edoc", "/services/edoc", ""})
    void anUnusableUrlIsPermanent(String url) throws Exception {
        DeliveryOutcome outcome = deliver(edoc("bad-url"), url);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
        assertThat(((DeliveryOutcome.Permanent) outcome).reason()).startsWith("invalid endpoint");
    }

    @Test
    void concurrentDeliveriesShareTheClientAndEachCarriesItsOwnHeaders() throws Exception {
        List<CompletableFuture<DeliveryOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = "concurrent-" + i;
            futures.add(connector.deliver(edoc(id, "edoc", Payload.of(id.getBytes(StandardCharsets.UTF_8))),
                    new DeliveryTarget("soap", recipient.url())));
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, SECONDS);

        assertThat(futures).allSatisfy(f -> assertThat(f.join()).isInstanceOf(DeliveryOutcome.Delivered.class));
        for (int i = 0; i < 60; i++) {
            String id = "concurrent-" + i;
            SoapRecipient.Received got = recipient.received(id);
            assertThat(got).as(id).isNotNull();
            // the header that found this record and the payload it came with belong to the same delivery
            assertThat(new String(got.head(), StandardCharsets.UTF_8)).isEqualTo(id);
        }
    }

    @Test
    void theCallerThreadIsNotTheOneThatCalls() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(() -> {
            threads.add(Thread.currentThread().getName());
            ran.countDown();
            task.run();
        }, "soap-test-pool"));
        try (SoapConnector own = new SoapConnector(SoapConnector.Settings.defaults(), pool)) {
            CompletableFuture<DeliveryOutcome> future = own.deliver(edoc("on-pool"),
                    new DeliveryTarget("soap", recipient.url()));

            assertThat(future.get(30, SECONDS)).isInstanceOf(DeliveryOutcome.Delivered.class);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).containsExactly("soap-test-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ misbehaving servers

    /** Answers every request, after reading it, with one HTTP status and an HTML body. */
    private static final class StatusServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService handlers = Executors.newCachedThreadPool();
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        StatusServer(int status) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                try (exchange; InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                    requests.incrementAndGet();
                    byte[] html = ("<html><body>Lỗi " + status + "</body></html>").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
                    exchange.sendResponseHeaders(status, html.length);
                    exchange.getResponseBody().write(html);
                }
            });
            server.setExecutor(handlers);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/edoc";
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    /** Accepts connections and never answers; reads what is sent ({@code read}) or nothing at all. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
        private final Thread acceptor;

        SilentServer(boolean read) throws IOException {
            socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (!socket.isClosed()) {
                        Socket client = socket.accept();
                        accepted.add(client);
                        if (read) {
                            Thread reader = new Thread(() -> drain(client), "silent-reader");
                            reader.setDaemon(true);
                            reader.start();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void drain(Socket client) {
            byte[] buffer = new byte[8192];
            try (InputStream in = client.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    bytesRead.addAndGet(n);
                }
            } catch (IOException e) {
                // closed
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/services/edoc";
        }

        long bytesRead() {
            return bytesRead.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : accepted) {
                client.close();
            }
        }
    }
}
