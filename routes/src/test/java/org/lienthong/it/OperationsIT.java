package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The operations surface: separate management port, health, metrics, Hawtio and Jolokia behind the login. */
class OperationsIT extends BusITSupport {

    @Test
    void managementIsOnItsOwnPort() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(send(HttpRequest.newBuilder(api("/../../actuator/health")).build()).statusCode()).isNotEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health")).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void healthCoversBrokerDatabaseAndRegistry() {
        HttpResponse<String> health = send(HttpRequest.newBuilder(management("/actuator/health")).build());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = jsonOf(health).get("components");
        assertThat(components.get("broker").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("registry").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("registry").get("details").get("agencies").asInt()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void prometheusHasPerAgencyCounters() {
        String id = uniqueId("metrics");
        submit(SENDER_KEY, "{\"id\":\"%s\",\"to\":[\"%s\"],\"payload\":1}".formatted(id, REST_OK));
        awaitStatus(id, REST_OK, "DELIVERED");
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(management("/actuator/prometheus")).build());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("lienthong_messages_accepted_total{agency=\"" + SENDER + "\"")
                .contains("lienthong_deliveries_delivered_total{agency=\"" + REST_OK + "\"")
                .contains("lienthong_queue_depth{agency=\"" + REST_OK + "\"")
                .contains("lienthong_delivery_latency_seconds_count{agency=\"" + REST_OK + "\"");
    }

    @Test
    void hawtioAndJolokiaNeedTheOperatorLogin() {
        assertThat(send(HttpRequest.newBuilder(management("/actuator/hawtio/")).build()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(management("/actuator/jolokia/version")).build()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> console = asOperator("GET", management("/actuator/hawtio/"));
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void jolokiaRefusesDangerousMBeansEvenToOperators() {
        for (String path : new String[] {"/actuator/jolokia", "/actuator/hawtio/jolokia"}) {
            for (String request : new String[] {
                    "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmFlags\"}",
                    "{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                            + "\"attribute\":\"DiagnosticOptions\"}",
                    "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                            + "\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/lienthong-heap.hprof\",true]}"}) {
                HttpResponse<String> answer = jolokia(path, request);
                assertThat(answer.body()).as(path + " " + request).doesNotContain("\"status\":200").contains("\"status\":403");
            }
        }
        // ordinary reads still work
        assertThat(jolokia("/actuator/jolokia",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}").body())
                .contains("\"status\":200");
    }

    @Test
    void jolokiaTakesOnlyPostsThatCarryTheCsrfToken() {
        String read = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}";
        // a GET (a link or image on another site, sent with the browser's cached login) reads and runs nothing
        HttpResponse<String> viaGet = asOperator("GET", management(
                "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage"));
        assertThat(viaGet.body()).doesNotContain("\"status\":200").contains("\"status\":403");
        // a POST without the token, as another site's form would send it, is refused before Jolokia sees it
        HttpResponse<String> noToken = send(operatorPost("/actuator/jolokia", read).build());
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongToken = send(operatorPost("/actuator/jolokia", read)
                .header("Cookie", "XSRF-TOKEN=forged").header("X-XSRF-TOKEN", "forged-too").build());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // the console's way: the token from the cookie, echoed in the header
        HttpResponse<String> withToken = jolokia("/actuator/jolokia", read);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("\"status\":200");
    }

    @Test
    void jolokiaShowsTheFlowRoutesAndTheBrokerQueues() {
        HttpResponse<String> routes = jolokia("/actuator/jolokia",
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("messages.ingress").contains("delivery.rest").contains("delivery.file")
                .contains("delivery.mailbox").contains("mailbox.ack");
        HttpResponse<String> queues = jolokia("/actuator/jolokia",
                "{\"type\":\"search\",\"mbean\":\"org.apache.activemq.artemis:*,subcomponent=queues\"}");
        assertThat(queues.statusCode()).isEqualTo(200);
        assertThat(queues.body()).contains("lienthong.dead-letter");
    }

    private HttpRequest.Builder operatorPost(String path, String body) {
        return HttpRequest.newBuilder(management(path)).timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", operatorAuthorization()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A Jolokia request as Hawtio sends it: POST, with the CSRF cookie the management port hands out echoed. */
    private HttpResponse<String> jolokia(String path, String body) {
        String token = managementCsrfToken();
        return send(operatorPost(path, body).header("Cookie", "XSRF-TOKEN=" + token)
                .header("X-XSRF-TOKEN", token).build());
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void openApiDocumentListsEveryOperation() {
        HttpResponse<String> doc = send(HttpRequest.newBuilder(api("/openapi.json")).build());
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = jsonOf(doc).get("paths");
        // every operation the routes declare is in the document
        var rests = ((org.apache.camel.model.ModelCamelContext) camel).getRestDefinitions();
        assertThat(rests).isNotEmpty();
        for (var rest : rests) {
            for (var verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                assertThat(paths.has(path)).as("documented: " + path).isTrue();
                assertThat(paths.get(path).has(verb.asVerb())).as(verb.asVerb() + " " + path).isTrue();
            }
        }
        assertThat(paths.has("/messages")).isTrue();
        assertThat(paths.get("/messages").has("post")).isTrue();
        assertThat(paths.get("/messages/{id}").has("get")).isTrue();
        assertThat(paths.get("/mailbox").has("get")).isTrue();
        assertThat(paths.get("/mailbox/{id}").has("get")).isTrue();
        assertThat(paths.get("/mailbox/{id}/ack").has("post")).isTrue();
        assertThat(paths.get("/agencies").has("get")).isTrue();
        assertThat(paths.get("/admin/dead-letters").has("get")).isTrue();
        assertThat(paths.get("/admin/dead-letters/{messageId}/{agency}/replay").has("post")).isTrue();
    }

    @Test
    void theTrailVerifiesAsAnIntactHashChainForOperatorsOnly() throws Exception {
        String id = uniqueId("chain");
        assertThat(submit(SENDER_KEY, "{\"id\":\"%s\",\"to\":[\"%s\"],\"payload\":1}".formatted(id, REST_OK))
                .statusCode()).isEqualTo(202);
        awaitStatus(id, REST_OK, "DELIVERED");
        java.net.http.HttpResponse<String> verified = asOperator("GET", api("/admin/trail/verify"));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode verdict = jsonOf(verified);
        assertThat(verdict.get("valid").asBoolean()).as(verified.body()).isTrue();
        // at least this message's own events (accepted, queued, delivered), also when this class runs alone
        assertThat(verdict.get("records").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(verdict.get("firstBroken").isNull()).isTrue();
        assertThat(verdict.get("nodes")).isNotEmpty();
        assertThat(get("/admin/trail/verify", SENDER_KEY).statusCode()).isIn(401, 403);
    }
}
