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

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5.3: a node carries 10,000 registered agencies. The packaged jar starts with a 10,000-agency registry
 * in a 256 MB heap, lists them, and delivers to agencies anywhere in the registry. Start-up time and resident
 * memory are printed for the record (the benchmark measures them; tests assert no timings).
 */
class ManyAgenciesIT {

    private static final int AGENCIES = 10_000;

    @TempDir
    Path dataDir;

    @Test
    void tenThousandAgenciesLoadAndWork() throws Exception {
        Path registry = dataDir.resolve("agencies.yaml");
        StringBuilder yaml = new StringBuilder("agencies:\n");
        for (int i = 0; i < AGENCIES; i++) {
            String code = "H%02d.%05d".formatted(10 + i % 80, i);
            yaml.append("  - code: ").append(code).append('\n')
                    .append("    name: Cơ quan số ").append(i).append('\n')
                    .append("    api-key-sha256: ").append(sha256("key-" + i)).append('\n');
            if (i % 3 == 1) {
                yaml.append("    delivery:\n      connector: file\n      url: exchange/").append(code).append("/inbox\n");
            }
        }
        Files.writeString(registry, yaml, StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        try (NodeProcess node = NodeProcess.start(dataDir.resolve("node"), registry, "256m", NodeProcess.freePort(),
                NodeProcess.freePort())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> node.ready(http));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("10,000 agencies: ready in %.1f s, resident memory %d MB%n", seconds, node.residentMb());

            HttpResponse<String> list = http.send(HttpRequest.newBuilder(node.api("/agencies"))
                    .header("Authorization", "Bearer key-0").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(list.body()).size()).isEqualTo(AGENCIES);

            // a message from the first agency to the last and to a file agency in the middle
            String last = "H%02d.%05d".formatted(10 + (AGENCIES - 1) % 80, AGENCIES - 1);
            String fileAgency = "H%02d.%05d".formatted(10 + 4999 % 80, 4999);
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(node.api("/messages"))
                    .header("Authorization", "Bearer key-0").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"id":"many-1","to":["%s","%s"],"payload":{"x":1}}""".formatted(last, fileAgency)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            Path delivered = dataDir.resolve("node/exchange/" + fileAgency + "/inbox/many-1.body.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(delivered));
            String lastKey = "key-" + (AGENCIES - 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(node.api("/mailbox"))
                    .header("Authorization", "Bearer " + lastKey).build(), HttpResponse.BodyHandlers.ofString())
                    .body().contains("many-1"));
        }
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
