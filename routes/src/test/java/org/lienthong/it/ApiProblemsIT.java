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
    void oversizeBodyIsRefusedBeforeParsing() {
        String big = "{\"to\":[\"T02\"],\"payloadBase64\":\"" + "A".repeat(11 * 1024 * 1024) + "\"}";
        problem(submit(SENDER_KEY, big), 413, "PAYLOAD_TOO_LARGE");
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
}
