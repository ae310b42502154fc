package org.lienthong.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lienthong.LienthongApplication;
import org.lienthong.connector.edxml.signature.TestPki;
import org.lienthong.connector.soap.FeedbackInboxRecipient;
import org.lienthong.connector.soap.SoapRecipient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One bus node for all in-JVM integration tests: real embedded Artemis from broker.xml, real H2, a real
 * registry file, real HTTP receivers on loopback. Every test class extends this with the same settings, so
 * Spring starts the node once. Tests use their own message ids, so they do not see each other's messages.
 */
@SpringBootTest(classes = {LienthongApplication.class, BusITSupport.TestClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // the Prometheus endpoint, as in production
public abstract class BusITSupport {

    protected static final String OPS_PASSWORD = "test-ops-password";
    protected static final TestReceiver RECEIVER = TestReceiver.start();
    /** A recipient agency's own e-Doc SOAP service (real CXF on loopback), for the soap connector. */
    protected static final SoapRecipient SOAP_RECIPIENT = startSoapRecipient();
    /** A provincial portal's feedback inbox (real CXF), for the soap connector carrying feedback. */
    protected static final FeedbackInboxRecipient FEEDBACK_INBOX = startFeedbackInbox();
    protected static final Path DATA_DIR = tempDir();
    protected static final Path FILE_INBOX = DATA_DIR.resolve("exchange/T05/inbox");
    /** Test CA and agency certificates, made for this run (no key is ever written to disk). */
    protected static final TestPki PKI = TestPki.create(java.time.Instant.now());
    protected static final TestPki.Credential T01_SIGNER = PKI.agency("T01");
    /** Agencies F01.0001 … F01.1000, mailboxes, for fan-out. */
    protected static final int FAN_OUT = 1000;
    protected static final Path REGISTRY = writeRegistry();

    /** Sending agency. */
    protected static final String SENDER = "T01";
    protected static final String SENDER_KEY = "key-t01";
    protected static final String OTHER_SENDER = "T10";
    protected static final String OTHER_SENDER_KEY = "key-t10";
    /** rest → /ok */
    protected static final String REST_OK = "T02";
    /** rest → /flaky, quick backoff */
    protected static final String REST_FLAKY = "T03";
    /** rest → /reject (400) */
    protected static final String REST_REJECT = "T04";
    /** file → DATA_DIR/exchange/T05/inbox */
    protected static final String FILE = "T05";
    /** mailbox */
    protected static final String MAILBOX = "T06";
    protected static final String MAILBOX_KEY = "key-t06";
    /** rest → /down, 2 attempts */
    protected static final String REST_DOWN = "T07";
    /** rest → /ordered */
    protected static final String REST_ORDERED = "T08";
    /** accepts feedback only */
    protected static final String FEEDBACK_ONLY = "T09";
    /** soap → SOAP_RECIPIENT */
    protected static final String SOAP = "T13";
    /** role portal, rest → /portal */
    protected static final String PORTAL = "T20";
    protected static final String PORTAL_KEY = "key-t20";
    /** role pakn-system, rest → /pakn */
    protected static final String PAKN = "T21";
    protected static final String HANDLER_KEY = "key-t02";
    /** The node's clock: system time plus an offset a test may advance (deadlines). */
    protected static final TestClock CLOCK = new TestClock();

    /** soap → FEEDBACK_INBOX, a provincial portal that handles feedback and replies by SOAP */
    /** An agency allowed 1 request per second (burst 2). */
    protected static final String RATE_LIMITED = "T23";
    protected static final String RATE_LIMITED_KEY = "key-t23";
    /** An agency that may send only generic messages, and only to T02. */
    protected static final String RESTRICTED = "T24";
    protected static final String RESTRICTED_KEY = "key-t24";
    protected static final String PROVINCE = "T22";
    protected static final String PROVINCE_KEY = "key-t22";

    /** A clock that runs with the system clock and can be moved forward. */
    protected static final class TestClock extends java.time.Clock {
        private volatile java.time.Duration offset = java.time.Duration.ZERO;

        public void advance(java.time.Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
    }

    @org.springframework.boot.test.context.TestConfiguration
    static class TestClockConfiguration {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        java.time.Clock testClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected ObjectMapper json;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void nodeProperties(DynamicPropertyRegistry registry) {
        registry.add("lienthong.data-dir", DATA_DIR::toString);
        registry.add("lienthong.registry", REGISTRY::toString);
        registry.add("lienthong.registry-poll-interval", () -> "200ms");
        registry.add("lienthong.ops.password", () -> OPS_PASSWORD);
        registry.add("lienthong.broker.in-vm-id", () -> "71");
        registry.add("lienthong.delivery.scan-interval", () -> "1s");
        registry.add("lienthong.delivery.rest.response-timeout", () -> "5s");
        registry.add("management.server.port", () -> "0");
        registry.add("lienthong.edoc.trust-store", () -> DATA_DIR.resolve("certs/ca.pem").toString());
        registry.add("lienthong.edoc.allow-unsigned", () -> OTHER_SENDER);
        registry.add("lienthong.feedback.topics.dat-dai", () -> MAILBOX);
        registry.add("lienthong.feedback.topics.xay-dung", () -> REST_OK);
        registry.add("lienthong.feedback.deadlines.xay-dung", () -> "10d");
        registry.add("lienthong.feedback.overdue-check-interval", () -> "200ms");
        registry.add("lienthong.dossier.status-map.DA_TRA_KET_QUA", () -> "4");
        // the suite sends many deliberate 401s from 127.0.0.1; the address lock-out is tested in AccessGuardTest
        registry.add("lienthong.limits.auth-failures-per-minute", () -> "0");
        registry.add("lienthong.limits.agency-rates." + RATE_LIMITED, () -> "1");
        registry.add("lienthong.dossier.status-map.DANG_XU_LY", () -> "2");
    }

    private static FeedbackInboxRecipient startFeedbackInbox() {
        try {
            return new FeedbackInboxRecipient();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SoapRecipient startSoapRecipient() {
        try {
            return new SoapRecipient();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lienthong-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeRegistry() {
        String yaml = """
                agencies:
                  - code: T01
                    name: Văn phòng thử nghiệm (gửi)
                    api-key-sha256: %s
                    roles: [broadcaster]
                    signing-certificates: [certs/T01.pem]
                  - code: T10
                    name: Cơ quan gửi khác
                    api-key-sha256: %s
                  - code: T02
                    name: Bộ nhận REST
                    api-key-sha256: %s
                    delivery:
                      connector: rest
                      url: %s
                  - code: T03
                    name: Sở nhận REST chập chờn
                    delivery:
                      connector: rest
                      url: %s
                      max-attempts: 6
                      initial-backoff: 50ms
                      max-backoff: 200ms
                  - code: T04
                    name: Hệ thống từ chối
                    delivery:
                      connector: rest
                      url: %s
                  - code: T05
                    name: Cơ quan nhận tệp
                    delivery:
                      connector: file
                      url: exchange/T05/inbox
                  - code: T06
                    name: Cơ quan hộp thư
                    api-key-sha256: %s
                  - code: T07
                    name: Hệ thống ngừng hoạt động
                    delivery:
                      connector: rest
                      url: %s
                      max-attempts: 2
                      initial-backoff: 50ms
                      max-backoff: 100ms
                  - code: T08
                    name: Nhận theo thứ tự
                    delivery:
                      connector: rest
                      url: %s
                      initial-backoff: 50ms
                      max-backoff: 100ms
                  - code: T09
                    name: Chỉ nhận phản ánh
                    accepts: [feedback]
                  - code: T20
                    name: Cổng Dịch vụ công (thử nghiệm)
                    api-key-sha256: %s
                    roles: [portal]
                    delivery:
                      connector: rest
                      url: %s
                  - code: T21
                    name: Hệ thống thông tin PAKN (thử nghiệm)
                    roles: [pakn-system]
                    delivery:
                      connector: rest
                      url: %s
                  - code: T22
                    name: Cổng thông tin điện tử tỉnh (thử nghiệm)
                    api-key-sha256: %s
                    accepts: [feedback, feedback-reply, generic]
                    delivery:
                      connector: soap
                      url: %s
                      initial-backoff: 50ms
                      max-backoff: 200ms
                  - code: T23
                    name: Cơ quan bị giới hạn tốc độ
                    api-key-sha256: %s
                  - code: T24
                    name: Cơ quan bị hạn chế gửi
                    api-key-sha256: %s
                    sends: [generic]
                    send-to: [T02]
                  - code: T13
                    name: Sở nhận qua SOAP
                    delivery:
                      connector: soap
                      url: %s
                      initial-backoff: 50ms
                      max-backoff: 200ms
                """.formatted(sha256(SENDER_KEY), sha256(OTHER_SENDER_KEY), sha256(HANDLER_KEY), RECEIVER.url("/ok"),
                RECEIVER.url("/flaky"), RECEIVER.url("/reject"), sha256(MAILBOX_KEY), RECEIVER.url("/down"),
                RECEIVER.url("/ordered"), sha256(PORTAL_KEY), RECEIVER.url("/portal"), RECEIVER.url("/pakn"),
                sha256(PROVINCE_KEY), FEEDBACK_INBOX.url(), sha256(RATE_LIMITED_KEY), sha256(RESTRICTED_KEY),
                SOAP_RECIPIENT.url());
        StringBuilder fanOut = new StringBuilder(yaml);
        for (int i = 1; i <= FAN_OUT; i++) {
            fanOut.append("  - code: F01.%04d\n    name: Cơ quan nhận số %d\n".formatted(i, i));
        }
        yaml = fanOut.toString();
        try {
            Files.createDirectories(DATA_DIR.resolve("certs"));
            Files.writeString(DATA_DIR.resolve("certs/T01.pem"), TestPki.pem(T01_SIGNER.certificate()));
            Files.writeString(DATA_DIR.resolve("certs/ca.pem"), TestPki.pem(PKI.caCertificate()));
            Path file = DATA_DIR.resolve("agencies.yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    protected URI api(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1" + path);
    }

    protected URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    protected HttpResponse<String> post(String path, String key, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    protected HttpResponse<String> submit(String key, String jsonBody) {
        return post("/messages", key, "application/json", jsonBody);
    }

    protected HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    protected HttpResponse<String> asOperator(String method, URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", operatorAuthorization()).build());
    }

    /** The operator's {@code Authorization} header value (HTTP Basic). */
    protected static String operatorAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("ops:" + OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** The management port's CSRF token, from the {@code XSRF-TOKEN} cookie it sets on any answer. */
    protected String managementCsrfToken() {
        HttpResponse<String> health = send(HttpRequest.newBuilder(management("/actuator/health")).build());
        return health.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
                .map(cookie -> cookie.substring("XSRF-TOKEN=".length(), cookie.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie: " + health.headers()));
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode jsonOf(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The trail of a message as its sender sees it. */
    protected JsonNode trail(String id) {
        HttpResponse<String> response = get("/messages/" + id, SENDER_KEY);
        if (response.statusCode() != 200) {
            throw new AssertionError("trail of " + id + ": " + response.statusCode() + " " + response.body());
        }
        return jsonOf(response);
    }

    protected JsonNode delivery(String id, String recipient) {
        for (JsonNode r : trail(id).get("recipients")) {
            if (recipient.equals(r.get("to").asText())) {
                return r;
            }
        }
        throw new AssertionError("no delivery of " + id + " to " + recipient);
    }

    /** Waits (bounded) until the delivery reaches the status; returns its final view. */
    protected JsonNode awaitStatus(String id, String recipient, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(delivery(id, recipient).get("status").asText()));
        return delivery(id, recipient);
    }

    /** The {@code dossier} messages a REST receiver path got for one dossier code (MaHoSo), in arrival order. */
    protected List<JsonNode> receivedDossiers(String path, String maHoSo) {
        return RECEIVER.received(path).stream().filter(r -> "dossier".equals(r.header("X-Lienthong-Type")))
                .map(r -> {
                    try {
                        return json.readTree(r.body());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .filter(body -> maHoSo.equals(body.get("data").get(0).get("MaHoSo").asText())).toList();
    }
}
