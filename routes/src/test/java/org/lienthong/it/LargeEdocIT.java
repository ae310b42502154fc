package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lienthong.connector.edxml.signature.EdxmlSigner;
import org.lienthong.connector.edxml.signature.TestPackages;
import org.lienthong.connector.edxml.signature.TestPki;

/**
 * A 200 MB signed edXML package through the packaged bus started with {@code -Xmx512m}, and a 60 MB one with
 * {@code -Xmx256m}: streamed in, checked
 * (structure and signature) without loading it, stored once and delivered unchanged to a file recipient.
 * Throughput is printed for the record; the benchmark measures it properly.
 */
class LargeEdocIT {

    private static final String SENDER = "000.00.00.G22";
    private static final String RECIPIENT = "000.00.00.H41";
    private static final String KEY = "large-sender-key";

    @TempDir
    Path dir;

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} MB attachment, -Xmx{1}")
    @org.junit.jupiter.params.provider.CsvSource({"150, 512m, 200", "45, 256m, 60"})
    void largePackagesPassThroughASmallHeap(long attachmentMb, String heap, long packageMb) throws Exception {
        TestPki pki = TestPki.create(Instant.now());
        TestPki.Credential signer = pki.agency(SENDER);
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.writeString(certs.resolve("sender.pem"), TestPki.pem(signer.certificate()));
        Path registry = dir.resolve("agencies.yaml");
        Files.writeString(registry, """
                agencies:
                  - code: %s
                    name: Văn phòng Chính phủ
                    api-key-sha256: %s
                    signing-certificates: [certs/sender.pem]
                  - code: %s
                    name: Bộ nhận tệp
                    delivery:
                      connector: file
                      url: exchange/%s/inbox
                """.formatted(SENDER, sha256Hex(KEY.getBytes(StandardCharsets.UTF_8)), RECIPIENT, RECIPIENT),
                StandardCharsets.UTF_8);

        Path unsigned = dir.resolve("large.unsigned.edxml");
        Path signed = dir.resolve("large.edxml");
        TestPackages.writeLargeEdoc(unsigned, SENDER, attachmentMb * 1024 * 1024, 42);
        EdxmlSigner.with(signer).sign(unsigned, signed);
        Files.delete(unsigned);
        long size = Files.size(signed);
        assertThat(size).isGreaterThan(packageMb * 1000 * 1000);
        String digest = sha256Hex(signed);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Path node = dir.resolve("node");
        try (NodeProcess bus = NodeProcess.start(node, registry, heap, NodeProcess.freePort(), NodeProcess.freePort())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> bus.ready(http));
            long start = System.nanoTime();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(bus.api("/edoc"))
                    .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/xml").POST(HttpRequest.BodyPublishers.ofFile(signed)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double acceptSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(accepted.statusCode()).as(accepted.body() + "\n" + bus.tail()).isEqualTo(202);
            String id = new ObjectMapper().readTree(accepted.body()).get("id").asText();

            Path delivered = node.resolve("exchange/" + RECIPIENT + "/inbox/" + id + ".edxml");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> Files.exists(delivered));
            double totalSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(Files.size(delivered)).isEqualTo(size);
            assertThat(sha256Hex(delivered)).isEqualTo(digest);
            System.out.printf("large e-Doc: %.1f MB accepted in %.1f s (%.0f MB/s), delivered after %.1f s, -Xmx%s%n",
                    size / 1e6, acceptSeconds, size / 1e6 / acceptSeconds, totalSeconds, heap);
        }
    }

    private static String sha256Hex(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
