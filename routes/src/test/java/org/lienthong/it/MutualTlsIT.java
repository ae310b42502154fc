package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lienthong.connector.edxml.signature.TestPki;

/**
 * Mutual TLS on the packaged node: {@code server.ssl.*} with a trust store and {@code client-auth=want}; agencies
 * bound to their client certificate in the registry (by fingerprint or by subject) call the API without a key;
 * a trusted certificate bound to no agency is 401; a certificate from another CA does not get through the
 * handshake; API keys still work over TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsIT {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final TestPki pki = TestPki.create(Instant.now(), "Lienthong mTLS test CA");
    private final TestPki.Credential server = pki.tlsServer();
    private final TestPki.Credential byFingerprint = pki.agency("M01");
    private final TestPki.Credential bySubject = pki.agency("M02");
    private final TestPki.Credential unbound = pki.agency("M03");
    /** The same subject as M02's certificate, issued by a CA the node does not trust. */
    private final TestPki.Credential stranger = TestPki.create(Instant.now(), "Another CA").agency("M02");

    private Path dir;
    private NodeProcess node;
    private int port;

    @BeforeAll
    void startNodeWithMutualTls() throws Exception {
        dir = Files.createTempDirectory("lienthong-mtls");
        Path keyStore = store(dir.resolve("server.p12"), server);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD);
        }
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(byFingerprint.certificate().getEncoded()));
        Path registry = dir.resolve("agencies.yaml");
        Files.writeString(registry, """
                agencies:
                  - code: M01
                    name: Bound by fingerprint
                    client-certificate-sha256: %s
                  - code: M02
                    name: Bound by subject
                    client-certificate-subject: "%s"
                  - code: M04
                    name: API key over TLS
                    api-key-sha256: %s
                """.formatted(fingerprint, bySubject.certificate().getSubjectX500Principal().getName(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("key-m04".getBytes(StandardCharsets.UTF_8)))),
                StandardCharsets.UTF_8);
        port = NodeProcess.freePort();
        int management = NodeProcess.freePort();
        node = NodeProcess.start(dir.resolve("node"), registry, "384m", port, management,
                "--server.ssl.enabled=true",
                "--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-password=changeit",
                "--server.ssl.key-store-type=PKCS12",
                "--server.ssl.trust-store=" + trustStore, "--server.ssl.trust-store-password=changeit",
                "--server.ssl.trust-store-type=PKCS12", "--server.ssl.client-auth=want",
                "--management.server.ssl.enabled=false");
        HttpClient plain = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                return plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()
                        .contains("\"camelReadinessState\":{\"status\":\"UP\"");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private Path store(Path path, TestPki.Credential credential) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", credential.privateKey(), PASSWORD,
                new Certificate[] {credential.certificate(), pki.caCertificate()});
        try (OutputStream out = Files.newOutputStream(path)) {
            keys.store(out, PASSWORD);
        }
        return path;
    }

    /** A client trusting the test CA, presenting the credential's certificate (or none). */
    private HttpClient client(TestPki.Credential credential) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        TrustManagerFactory trusts = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusts.init(trust);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (credential != null) {
            own.setKeyEntry("key", credential.privateKey(), PASSWORD, new Certificate[] {credential.certificate()});
        }
        keys.init(own, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trusts.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> get(HttpClient client, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1" + path))
                .timeout(Duration.ofSeconds(20));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAgencyBoundToItsCertificateCallsWithoutAKey() throws Exception {
        HttpClient m01 = client(byFingerprint);
        assertThat(get(m01, "/mailbox", null).statusCode()).isEqualTo(200);
        HttpResponse<String> sent = m01.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"mtls-1\",\"to\":[\"M02\"],\"payload\":{\"a\":1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        HttpClient m02 = client(bySubject);
        await().atMost(Duration.ofSeconds(20)).until(() -> get(m02, "/mailbox", null).body().contains("mtls-1"));
        assertThat(get(m02, "/mailbox", null).body()).contains("\"from\":\"M01\"");
    }

    @Test
    void aTrustedCertificateBoundToNoAgencyOrAForeignOneWithABoundSubjectIsUnauthenticated() throws Exception {
        HttpResponse<String> unknown = get(client(unbound), "/mailbox", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("UNAUTHENTICATED");
        // a certificate with M02's subject from an untrusted CA does not make its holder M02: either the handshake
        // fails or (as JSSE clients do) the certificate is not even offered, and the call is unauthenticated
        try {
            assertThat(get(client(stranger), "/mailbox", null).statusCode()).isEqualTo(401);
        } catch (IOException refusedAtHandshake) {
            assertThat(refusedAtHandshake).isNotNull();
        }
        assertThat(get(client(null), "/mailbox", null).statusCode()).as("no certificate, no key").isEqualTo(401);
        assertThat(get(client(null), "/mailbox", "key-m04").statusCode()).as("an API key over TLS").isEqualTo(200);
    }
}
