package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The generic message flow end to end, for each connector, with the failure paths of SPEC §5. */
class GenericMessageFlowIT extends BusITSupport {

    private static final String VIETNAMESE = "Công văn số 12/VPCP-KSTT — khẩn: phòng, chống bão số 9 ở Quảng Ngãi";

    @Test
    void restDeliveryCarriesTheBytesAndHeadersExactly() throws Exception {
        String id = uniqueId("rest");
        String payload = "{\"tieuDe\":\"" + VIETNAMESE + "\",\"soTrang\":3}";
        HttpResponse<String> accepted = submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"subject":"%s","conversationId":"hs-%s","payload":%s}
                """.formatted(id, REST_OK, VIETNAMESE, id, payload));

        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode answer = jsonOf(accepted);
        assertThat(answer.get("id").asText()).isEqualTo(id);
        assertThat(answer.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.get("recipients").get(0).get("to").asText()).isEqualTo(REST_OK);
        assertThat(answer.get("recipients").get(0).get("status").asText()).isEqualTo("QUEUED");

        JsonNode delivery = awaitStatus(id, REST_OK, "DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("deliveredAt").isNull()).isFalse();

        List<TestReceiver.Received> got = RECEIVER.receivedMessage("/ok", id);
        assertThat(got).hasSize(1);
        TestReceiver.Received request = got.get(0);
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree(payload));
        assertThat(request.text()).contains(VIETNAMESE);
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("X-Lienthong-From")).isEqualTo(SENDER);
        assertThat(request.header("X-Lienthong-Type")).isEqualTo("generic");
        assertThat(request.header("X-Lienthong-Conversation-Id")).isEqualTo("hs-" + id);

        JsonNode trail = trail(id);
        assertThat(trail.get("subject").asText()).isEqualTo(VIETNAMESE);
        assertThat(trail.get("from").asText()).isEqualTo(SENDER);
        List<String> events = new ArrayList<>();
        trail.get("events").forEach(e -> events.add(e.get("event").asText()));
        assertThat(events).containsExactly("ACCEPTED", "QUEUED", "DELIVERED");
    }

    @Test
    void fileDeliveryWritesPayloadAndSidecarAtomically() throws Exception {
        String id = uniqueId("file");
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><vanBan><trichYeu>" + VIETNAMESE
                + "</trichYeu></vanBan>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> accepted = submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"contentType":"application/xml","payloadBase64":"%s"}
                """.formatted(id, FILE, Base64.getEncoder().encodeToString(xml)));
        assertThat(accepted.statusCode()).isEqualTo(202);

        awaitStatus(id, FILE, "DELIVERED");
        Path payload = FILE_INBOX.resolve(id + ".xml");
        Path sidecar = FILE_INBOX.resolve(id + ".json");
        assertThat(Files.readAllBytes(payload)).isEqualTo(xml);
        JsonNode headers = json.readTree(sidecar.toFile());
        assertThat(headers.get("X-Lienthong-Message-Id").asText()).isEqualTo(id);
        assertThat(headers.get("X-Lienthong-From").asText()).isEqualTo(SENDER);
        assertThat(headers.get("Content-Type").asText()).isEqualTo("application/xml");
        try (var files = Files.list(FILE_INBOX)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void mailboxKeepsTheMessageUntilTheRecipientAcknowledges() throws Exception {
        String id = uniqueId("mbox");
        String payload = "{\"noiDung\":\"" + VIETNAMESE + "\"}";
        assertThat(submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"subject":"Hộp thư","payload":%s}
                """.formatted(id, MAILBOX, payload)).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox?limit=1000", MAILBOX_KEY).body().contains(id));
        assertThat(delivery(id, MAILBOX).get("status").asText()).isEqualTo("QUEUED");
        JsonNode listed = null;
        for (JsonNode entry : jsonOf(get("/mailbox?limit=1000", MAILBOX_KEY))) {
            if (entry.get("id").asText().equals(id)) {
                listed = entry;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("from").asText()).isEqualTo(SENDER);
        assertThat(listed.get("subject").asText()).isEqualTo("Hộp thư");
        assertThat(listed.get("size").asLong()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8).length);

        HttpResponse<String> fetched = get("/mailbox/" + id, MAILBOX_KEY);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(json.readTree(fetched.body())).isEqualTo(json.readTree(payload));
        assertThat(fetched.headers().firstValue("X-Lienthong-Message-Id")).contains(id);
        assertThat(fetched.headers().firstValue("X-Lienthong-From")).contains(SENDER);

        // another agency cannot read it
        assertThat(get("/mailbox/" + id, SENDER_KEY).statusCode()).isEqualTo(404);

        assertThat(post("/mailbox/" + id + "/ack", MAILBOX_KEY, null, "").statusCode()).isEqualTo(204);
        assertThat(delivery(id, MAILBOX).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(get("/mailbox?limit=1000", MAILBOX_KEY).body()).doesNotContain(id);
        // acknowledging again is harmless
        assertThat(post("/mailbox/" + id + "/ack", MAILBOX_KEY, null, "").statusCode()).isEqualTo(204);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilDelivered() {
        String id = uniqueId("flaky");
        RECEIVER.script("/flaky", 503, 500, 429);
        assertThat(submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"payload":{"n":1}}""".formatted(id, REST_FLAKY)).statusCode()).isEqualTo(202);

        JsonNode delivery = awaitStatus(id, REST_FLAKY, "DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        List<String> events = new ArrayList<>();
        trail(id).get("events").forEach(e -> events.add(e.get("event").asText()));
        assertThat(events).containsExactly("ACCEPTED", "QUEUED", "RETRYING", "RETRYING", "RETRYING", "DELIVERED");
        assertThat(RECEIVER.receivedMessage("/flaky", id)).extracting(TestReceiver.Received::answered)
                .containsExactly(503, 500, 429, 200);
        assertThat(RECEIVER.receivedMessage("/flaky", id)).extracting(r -> r.header("X-Lienthong-Attempt"))
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void clientErrorIsDeadAtOnceAndKeptForReplay() {
        String id = uniqueId("reject");
        RECEIVER.answer("/reject", 400);
        assertThat(submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"payload":{"n":1}}""".formatted(id, REST_REJECT)).statusCode()).isEqualTo(202);

        JsonNode delivery = awaitStatus(id, REST_REJECT, "DEAD");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastError").asText()).contains("400");
        assertThat(RECEIVER.receivedMessage("/reject", id)).hasSize(1);

        HttpResponse<String> dead = asOperator("GET", api("/admin/dead-letters?agency=" + REST_REJECT));
        assertThat(dead.statusCode()).isEqualTo(200);
        assertThat(dead.body()).contains(id).contains("400");
    }

    @Test
    void exhaustedRetriesGoDeadAndReplayDeliversThem() {
        String id = uniqueId("down");
        RECEIVER.answer("/down", 503);
        assertThat(submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"payload":{"n":1}}""".formatted(id, REST_DOWN)).statusCode()).isEqualTo(202);
        JsonNode dead = awaitStatus(id, REST_DOWN, "DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get("lastError").asText()).contains("503");

        // a delivery that is not dead cannot be replayed
        String okId = uniqueId("ok");
        submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"payload":{"n":1}}""".formatted(okId, REST_OK));
        awaitStatus(okId, REST_OK, "DELIVERED");
        assertThat(asOperator("POST", api("/admin/dead-letters/" + okId + "/" + REST_OK + "/replay")).statusCode())
                .isEqualTo(409);
        // agencies cannot replay
        assertThat(post("/admin/dead-letters/" + id + "/" + REST_DOWN + "/replay", SENDER_KEY, null, "").statusCode())
                .isEqualTo(403);

        RECEIVER.answer("/down", 200);
        HttpResponse<String> replay = asOperator("POST", api("/admin/dead-letters/" + id + "/" + REST_DOWN + "/replay"));
        assertThat(replay.statusCode()).isEqualTo(202);
        awaitStatus(id, REST_DOWN, "DELIVERED");
        assertThat(RECEIVER.receivedMessage("/down", id)).extracting(TestReceiver.Received::answered)
                .containsExactly(503, 503, 200);
        List<String> events = new ArrayList<>();
        trail(id).get("events").forEach(e -> events.add(e.get("event").asText()));
        assertThat(events).containsSubsequence("RETRYING", "DEAD", "REPLAYED", "DELIVERED");
        // replaying twice is refused: it is no longer dead
        assertThat(asOperator("POST", api("/admin/dead-letters/" + id + "/" + REST_DOWN + "/replay")).statusCode())
                .isEqualTo(409);
    }

    @Test
    void resubmittingAnIdAnswersTheSameAndDeliversOnce() {
        String id = uniqueId("again");
        String body = """
                {"id":"%s","to":["%s"],"conversationId":"c-%s","payload":{"n":1}}""".formatted(id, REST_ORDERED, id);
        HttpResponse<String> first = submit(SENDER_KEY, body);
        HttpResponse<String> second = submit(SENDER_KEY, body);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(jsonOf(second).get("id").asText()).isEqualTo(id);
        assertThat(jsonOf(second).get("recipients").get(0).get("to").asText()).isEqualTo(REST_ORDERED);

        // a later message of the same conversation to the same agency arrives after any repeat would have
        String marker = uniqueId("marker");
        submit(SENDER_KEY, """
                {"id":"%s","to":["%s"],"conversationId":"c-%s","payload":{"n":2}}""".formatted(marker, REST_ORDERED, id));
        awaitStatus(marker, REST_ORDERED, "DELIVERED");
        assertThat(RECEIVER.receivedMessage("/ordered", id)).hasSize(1);

        // the same id from another agency is a conflict, not a duplicate
        HttpResponse<String> conflict = submit(OTHER_SENDER_KEY, body);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(jsonOf(conflict).get("code").asText()).isEqualTo("ID_CONFLICT");
    }

    @Test
    void messagesOfAConversationArriveInSendOrderEvenAcrossRetries() {
        String conversation = uniqueId("conv");
        // the 5th request fails once: the conversation must wait for its retry
        RECEIVER.script("/ordered", 200, 200, 200, 200, 503);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = conversation + "-" + i;
            ids.add(id);
            assertThat(submit(SENDER_KEY, """
                    {"id":"%s","to":["%s"],"conversationId":"%s","payload":{"seq":%d}}"""
                    .formatted(id, REST_ORDERED, conversation, i)).statusCode()).isEqualTo(202);
        }
        awaitStatus(ids.get(ids.size() - 1), REST_ORDERED, "DELIVERED");
        for (String id : ids) {
            awaitStatus(id, REST_ORDERED, "DELIVERED");
        }
        List<String> deliveredOrder = RECEIVER.received("/ordered").stream()
                .filter(r -> r.answered() == 200)
                .map(r -> r.header("X-Lienthong-Message-Id"))
                .filter(ids::contains)
                .toList();
        assertThat(deliveredOrder).containsExactlyElementsOf(ids);
    }

    @Test
    void inboundHeadersNeverSteerTheDelivery() throws Exception {
        String id = uniqueId("steer");
        HttpResponse<String> accepted = send(java.net.http.HttpRequest.newBuilder(api("/messages"))
                .header("Authorization", "Bearer " + SENDER_KEY)
                .header("Content-Type", "application/json")
                .header("X-Lienthong-From", OTHER_SENDER)
                .header("X-Lienthong-Message-Id", "forged")
                .header("CamelHttpUri", RECEIVER.url("/reject"))
                .header("CamelHttpPath", "/reject")
                .header("CamelDestinationOverrideUrl", RECEIVER.url("/reject"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"id":"%s","to":["%s"],"payload":{"from":"%s"}}""".formatted(id, REST_OK, OTHER_SENDER)))
                .build());
        assertThat(accepted.statusCode()).isEqualTo(202);
        awaitStatus(id, REST_OK, "DELIVERED");
        TestReceiver.Received got = RECEIVER.receivedMessage("/ok", id).get(0);
        assertThat(got.header("X-Lienthong-From")).isEqualTo(SENDER);
        assertThat(RECEIVER.receivedMessage("/reject", id)).isEmpty();
        assertThat(trail(id).get("from").asText()).isEqualTo(SENDER);
    }

    @Test
    void largePayloadsAreStoredOnceAndDeliveredIntact() throws Exception {
        String id = uniqueId("large");
        byte[] blob = new byte[600 * 1024];
        new java.util.Random(7).nextBytes(blob);
        assertThat(submit(SENDER_KEY, """
                {"id":"%s","to":["%s","%s"],"contentType":"application/pdf","payloadBase64":"%s"}"""
                .formatted(id, REST_OK, MAILBOX, Base64.getEncoder().encodeToString(blob))).statusCode()).isEqualTo(202);
        awaitStatus(id, REST_OK, "DELIVERED");
        assertThat(RECEIVER.receivedMessage("/ok", id).get(0).body()).isEqualTo(blob);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox/" + id, MAILBOX_KEY).statusCode() == 200);
        HttpResponse<byte[]> fetched = http.send(java.net.http.HttpRequest.newBuilder(api("/mailbox/" + id))
                .header("Authorization", "Bearer " + MAILBOX_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.body()).isEqualTo(blob);
        assertThat(fetched.headers().firstValue("Content-Type")).contains("application/pdf");
    }

    @Test
    void fanOutToSeveralConnectorsTracksEachRecipient() {
        String id = uniqueId("fan");
        RECEIVER.answer("/reject", 400);
        assertThat(submit(SENDER_KEY, """
                {"id":"%s","to":["%s","%s","%s","%s"],"payload":{"n":1}}"""
                .formatted(id, REST_OK, FILE, MAILBOX, REST_REJECT)).statusCode()).isEqualTo(202);
        awaitStatus(id, REST_OK, "DELIVERED");
        awaitStatus(id, FILE, "DELIVERED");
        awaitStatus(id, REST_REJECT, "DEAD");
        assertThat(delivery(id, MAILBOX).get("status").asText()).isEqualTo("QUEUED");
        // every recipient can read the trail; an outsider cannot
        assertThat(get("/messages/" + id, MAILBOX_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/messages/" + id, OTHER_SENDER_KEY).statusCode()).isEqualTo(404);
        assertThat(asOperator("GET", api("/messages/" + id)).statusCode()).isEqualTo(200);
    }
}
