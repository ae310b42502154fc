package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Every refusal is an RFC 7807 problem with its code, and leaves nothing behind. */
class ApiProblemsIT extends BusITSupport {

    private JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = jsonOf(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("org.").doesNotContain("java.")
                .doesNotContain("/work/").doesNotContain("\tat ");
        return body;
    }

    @Test
    void missingOrWrongKeyIsUnauthenticated() {
        String body = "{\"to\":[\"%s\"],\"payload\":1}".formatted(REST_OK);
        problem(submit(null, body), 401, "UNAUTHENTICATED");
        problem(submit("not-a-key", body), 401, "UNAUTHENTICATED");
        HttpResponse<String> basic = send(HttpRequest.newBuilder(api("/messages"))
                .header("Authorization", "Basic b3BzOndyb25n").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        problem(basic, 401, "UNAUTHENTICATED");
        assertThat(submit(null, body).headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void badBodiesAreInvalid() {
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"], \"payload\": "), 400, "INVALID_JSON");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"]}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"to\":[],\"payload\":1}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payload\":1,\"payloadBase64\":\"AA==\"}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payloadBase64\":\"%%%\"}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"id\":\"../etc/passwd\",\"to\":[\"T02\"],\"payload\":1}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payload\":1,\"type\":\"edoc\"}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payload\":1,\"from\":\"T10\"}"), 400, "INVALID_MESSAGE");
        problem(submit(SENDER_KEY, "{\"to\":\"T02\",\"payload\":1}"), 400, "INVALID_JSON");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payload\":1,\"payload\":2}"), 400, "INVALID_JSON");
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payload\":1,\"contentType\":\"not a type\"}"), 400,
                "INVALID_MESSAGE");
        // nesting beyond the ObjectMapper's limit
        problem(submit(SENDER_KEY, "{\"to\":[\"T02\"],\"payload\":" + "[".repeat(200) + "]".repeat(200) + "}"), 400,
                "INVALID_JSON");
    }

    @Test
    void everyPublicAnswerCarriesTheSecurityHeadersWithoutSpringSecurity() {
        String body = "{\"to\":[\"%s\"],\"payload\":1}".formatted(REST_OK);
        for (HttpResponse<String> response : java.util.List.of(submit(SENDER_KEY, body), submit(null, body),
                send(HttpRequest.newBuilder(api("/no-such-path")).GET().build()))) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(response.uri().toString())
                    .hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            // Spring Security's chain does not run on the public port: it would have added its own cache headers
            assertThat(response.headers().firstValue("Pragma")).isEmpty();
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void wrongMediaTypeIsUnsupported() {
        problem(post("/messages", SENDER_KEY, "text/plain", "{\"to\":[\"T02\"],\"payload\":1}"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void unknownRecipientsAndRefusedTypesAreNamed() {
        String id = uniqueId("unknown");
        JsonNode unknown = problem(submit(SENDER_KEY, "{\"id\":\"%s\",\"to\":[\"T02\",\"Z99.NOPE\"],\"payload\":1}"
                .formatted(id)), 422, "UNKNOWN_RECIPIENT");
        assertThat(unknown.get("recipients").toString()).contains("Z99.NOPE").doesNotContain("T02");
        // nothing half-done: no trail, no delivery to the good recipient
        assertThat(asOperator("GET", api("/messages/" + id)).statusCode()).isEqualTo(404);
        assertThat(RECEIVER.receivedMessage("/ok", id)).isEmpty();

        JsonNode refused = problem(submit(SENDER_KEY, "{\"to\":[\"%s\"],\"payload\":1}".formatted(FEEDBACK_ONLY)),
                422, "RECIPIENT_REFUSES_TYPE");
        assertThat(refused.get("recipients").toString()).contains(FEEDBACK_ONLY);
    }

    @Test
    void oversizeBodyIsRefusedBeforeItIsRead() throws Exception {
        // A raw client announces 11 MB but sends only the first kilobyte: the bus answers 413 from the declared
        // length alone, without waiting for (or buffering) the body.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SENDER_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (11 * 1024 * 1024)
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(("{\"to\":[\"T02\"],\"payloadBase64\":\"" + "A".repeat(1024)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String status = in.readLine();
            while (status != null && (status.startsWith("HTTP/1.1 100") || status.isEmpty())) {
                status = in.readLine();
            }
            assertThat(status).startsWith("HTTP/1.1 413");
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                rest.append(line).append('\n');
                if (line.contains("PAYLOAD_TOO_LARGE")) {
                    break;
                }
            }
            assertThat(rest.toString()).contains("application/problem+json").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        }
    }

    @Test
    void trailsAreVisibleOnlyToPartiesAndOperators() {
        problem(get("/messages/no-such-message", SENDER_KEY), 404, "NOT_FOUND");
        problem(get("/admin/dead-letters", SENDER_KEY), 403, "FORBIDDEN");
        assertThat(asOperator("GET", api("/admin/dead-letters")).statusCode()).isEqualTo(200);
    }

    @Test
    void agenciesAreListedWithoutSecrets() {
        HttpResponse<String> response = get("/agencies", SENDER_KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode agencies = jsonOf(response);
        assertThat(agencies.size()).isGreaterThanOrEqualTo(10);
        JsonNode rest = null;
        for (JsonNode a : agencies) {
            if (a.get("code").asText().equals(REST_OK)) {
                rest = a;
            }
        }
        assertThat(rest).isNotNull();
        assertThat(rest.get("connector").asText()).isEqualTo("rest");
        assertThat(rest.get("name").asText()).isEqualTo("Bộ nhận REST");
        assertThat(response.body()).doesNotContain(sha256(SENDER_KEY)).doesNotContain("127.0.0.1")
                .doesNotContain("api-key");
    }

    @Test
    void anAgencyOverItsRateIsToldToWait() {
        // T23 may send 1 request per second with a burst of 2: quick calls are soon refused
        int refused = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 10; i++) {
            last = get("/mailbox", RATE_LIMITED_KEY);
            if (last.statusCode() == 429) {
                refused++;
                break;
            }
        }
        assertThat(refused).as("a quick call is refused").isEqualTo(1);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(jsonOf(last).get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(jsonOf(last).get("retryAfter").asInt()).isBetween(1, 2);
        // other agencies are not affected
        assertThat(get("/mailbox", MAILBOX_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void anAgencySendsOnlyTheTypesAndToTheRecipientsItsEntryAllows() {
        String id = uniqueId("allowed");
        assertThat(submit(RESTRICTED_KEY, "{\"id\":\"%s\",\"to\":[\"%s\"],\"payload\":1}".formatted(id, REST_OK))
                .statusCode()).isEqualTo(202);
        HttpResponse<String> otherRecipient = submit(RESTRICTED_KEY, "{\"to\":[\"%s\",\"%s\"],\"payload\":1}"
                .formatted(REST_OK, MAILBOX));
        assertThat(otherRecipient.statusCode()).isEqualTo(403);
        assertThat(jsonOf(otherRecipient).get("detail").asText()).contains(MAILBOX).contains("send-to");
        // dossier results are 'dossier' messages, which T24 may not send
        HttpResponse<String> otherType = post("/dossiers", RESTRICTED_KEY, "application/json",
                "[{\"MaHoSo\":\"A-1\",\"MaTTHC\":\"1.1\",\"TrangThaiHoSo\":\"1\",\"NgayTiepNhan\":\"20261101080000\"}]");
        assertThat(otherType.statusCode()).as(otherType.body()).isEqualTo(403);
        assertThat(jsonOf(otherType).get("detail").asText()).contains("'dossier'").contains("sends");
    }
}
