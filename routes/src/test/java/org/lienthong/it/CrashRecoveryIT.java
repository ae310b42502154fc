package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5.1: a 202 means the message will be delivered whatever crashes afterwards. The packaged jar runs
 * as a separate process, takes a few hundred concurrent submissions, is killed with SIGKILL in the middle,
 * and restarted on the same data dir: every message that got a 202 reaches the receiver (repeats allowed,
 * they carry the same message id), and its trail ends DELIVERED.
 */
class CrashRecoveryIT {

    private static final int MESSAGES = 400;
    private static final String KEY = "crash-sender-key";

    @TempDir
    Path dataDir;

    private final TestReceiver receiver = TestReceiver.start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyAcceptedMessageIsDeliveredAfterKillDashNine() throws Exception {
        Path registry = dataDir.resolve("agencies.yaml");
        Files.writeString(registry, """
                agencies:
                  - code: C01
                    name: Cơ quan gửi
                    api-key-sha256: %s
                  - code: C02
                    name: Cơ quan nhận
                    delivery:
                      connector: rest
                      url: %s
                      initial-backoff: 100ms
                      max-backoff: 1s
                """.formatted(sha256(KEY), receiver.url("/in")), StandardCharsets.UTF_8);
        int port = NodeProcess.freePort();
        int management = NodeProcess.freePort();

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        try (NodeProcess node = NodeProcess.start(dataDir.resolve("node"), registry, "512m", port, management)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> node.ready(http));

            ExecutorService clients = Executors.newFixedThreadPool(16);
            CountDownLatch halfway = new CountDownLatch(MESSAGES / 3);
            for (int i = 0; i < MESSAGES; i++) {
                String id = "crash-" + i;
                clients.execute(() -> {
                    HttpRequest request = HttpRequest.newBuilder(node.api("/messages")).timeout(Duration.ofSeconds(20))
                            .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("""
                                    {"id":"%s","to":["C02"],"subject":"Văn bản %s","payload":{"n":"%s"}}"""
                                    .formatted(id, id, id))).build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            accepted.add(id);
                        }
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        // the node died under this request: no 202, no promise
                    } finally {
                        halfway.countDown();
                    }
                });
            }
            assertThat(halfway.await(120, TimeUnit.SECONDS)).isTrue();
            node.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        System.out.printf("crash test: %d accepted before the kill, %d delivered before the kill%n",
                accepted.size(), deliveredIds().size());
        assertThat(accepted).as("some messages were accepted before the kill").isNotEmpty();

        try (NodeProcess node = NodeProcess.start(dataDir.resolve("node"), registry, "512m", port, management)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> node.ready(http));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(deliveredIds()).containsAll(accepted));

            // the trail agrees: every accepted message ends DELIVERED (rebuilt from the queue if the crash lost it)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String id : accepted) {
                    HttpResponse<String> trail = http.send(HttpRequest.newBuilder(node.api("/messages/" + id))
                            .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(trail.statusCode()).as(id).isEqualTo(200);
                    assertThat(trail.body()).as(id).contains("\"status\":\"DELIVERED\"");
                }
            });
        }
        List<String> all = receiver.received("/in").stream().map(r -> r.header("X-Lienthong-Message-Id")).toList();
        long repeats = all.size() - all.stream().distinct().count();
        System.out.printf("crash test: %d accepted, %d distinct delivered, %d repeats (dropped by id at the receiver)%n",
                accepted.size(), deliveredIds().size(), repeats);
    }

    private Set<String> deliveredIds() {
        return receiver.received("/in").stream().map(r -> r.header("X-Lienthong-Message-Id")).collect(Collectors.toSet());
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
