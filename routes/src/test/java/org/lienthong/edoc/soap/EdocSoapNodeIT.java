package org.lienthong.edoc.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.MTOMFeature;
import org.apache.cxf.message.Message;
import org.junit.jupiter.api.Test;
import org.lienthong.LienthongApplication;
import org.lienthong.connector.soap.EdocContract;
import org.lienthong.connector.soap.contract.EdocFault;
import org.lienthong.connector.soap.contract.EdocPortType;
import org.lienthong.connector.soap.contract.EdocReceipt;
import org.lienthong.connector.soap.contract.EdocService;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole node (embedded Artemis, H2, Camel, Spring Security, Hawtio) with {@link EdocSoapConfiguration}
 * imported as the node will import it, and a fake {@link org.lienthong.edoc.EdocMailbox} until the real one
 * exists: the SOAP service is on the public port under {@code /services}, through the node's security chain,
 * beside the REST API, and not on the management port.
 */
@SpringBootTest(classes = {LienthongApplication.class, EdocSoapNodeIT.SoapEdge.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdocSoapNodeIT {

    static final Path DATA_DIR = tempDir();
    static final String SENDER_KEY = "soap-it-t01";
    static final String RECIPIENT_KEY = "soap-it-t06";

    @TestConfiguration(proxyBeanMethods = false)
    @Import(EdocSoapConfiguration.class)
    static class SoapEdge {
        @Bean
        FakeEdocMailbox edocMailbox() {
            return new FakeEdocMailbox(Clock.systemUTC());
        }
    }

    @DynamicPropertySource
    static void nodeProperties(DynamicPropertyRegistry registry) {
        registry.add("lienthong.data-dir", DATA_DIR::toString);
        registry.add("lienthong.registry", EdocSoapNodeIT::writeRegistry);
        registry.add("lienthong.ops.password", () -> "soap-it-ops-password");
        registry.add("lienthong.broker.in-vm-id", () -> "77");
        registry.add("lienthong.broker.name", () -> "lienthong-soap-it");
        registry.add("management.server.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theWsdlIsOnThePublicPortAndNotOnTheManagementPort() throws Exception {
        HttpResponse<String> wsdl = get("http://127.0.0.1:" + port + "/services/edoc?wsdl", null);
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("urn:lienthong:edoc:v1", "location=\"http://127.0.0.1:" + port
                + "/services/edoc\"");

        HttpResponse<String> management = get("http://127.0.0.1:" + managementPort + "/services/edoc?wsdl", null);
        assertThat(management.statusCode()).isNotEqualTo(200);
    }

    @Test
    void aSoapSendAndListGoThroughTheNodesSecurityChainAndTheRestApiStillAnswers() throws Exception {
        EdocReceipt receipt = client(SENDER_KEY).sendEdoc(new DataHandler(
                new EdocSoapEndpointTest.ByteDataSource(EdocSoapEndpointTest.smallPackage("T06", "Thử nghiệm nút"))));

        assertThat(receipt.getRecipient()).containsExactly("T06");
        assertThat(client(RECIPIENT_KEY).getReceivedEdocList(null))
                .anySatisfy(e -> assertThat(e.getMessageId()).isEqualTo(receipt.getMessageId()));
        EdocFault refused = catchThrowableOfType(EdocFault.class, () -> client("wrong").getAgenciesList());
        assertThat(refused.getFaultInfo().getCode()).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> agencies = get("http://127.0.0.1:" + port + "/api/v1/agencies", SENDER_KEY);
        assertThat(agencies.statusCode()).isEqualTo(200);
        assertThat(agencies.body()).contains("\"code\":\"T06\"");
    }

    private EdocPortType client(String key) {
        EdocPortType edoc = new EdocService(EdocContract.wsdl()).getEdocPort(new MTOMFeature());
        Map<String, Object> context = ((BindingProvider) edoc).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, "http://127.0.0.1:" + port + "/services/edoc");
        context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of("Bearer " + key)));
        return edoc;
    }

    private HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lienthong-soap-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String writeRegistry() {
        String yaml = """
                agencies:
                  - code: T01
                    name: Văn phòng thử nghiệm (gửi)
                    api-key-sha256: %s
                  - code: T06
                    name: Cơ quan hộp thư
                    api-key-sha256: %s
                """.formatted(sha256(SENDER_KEY), sha256(RECIPIENT_KEY));
        try {
            return Files.writeString(DATA_DIR.resolve("agencies.yaml"), yaml, StandardCharsets.UTF_8).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
