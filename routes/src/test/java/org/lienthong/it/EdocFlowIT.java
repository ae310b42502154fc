package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lienthong.connector.edxml.signature.EdxmlSignatureVerifier;
import org.lienthong.connector.edxml.signature.PackageBytes;
import org.lienthong.connector.edxml.signature.SignaturePolicy;
import org.lienthong.connector.edxml.signature.TestPki;

/** The e-Doc flow end to end: signed packages in, unchanged packages out, status packets back, links kept. */
class EdocFlowIT extends BusITSupport {

    private HttpResponse<String> postXml(String path, String key, byte[] body) {
        return send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private byte[] signedDocument(String number, List<String> to) {
        return EdocPackages.signed(EdocPackages.document(SENDER, to, EdocPackages.documentId(SENDER, number), 0, null),
                T01_SIGNER);
    }

    private String problemCode(HttpResponse<String> response) {
        return jsonOf(response).get("code").asText();
    }

    @Test
    void aSignedPackageReachesEveryConnectorByteForByteAndStillVerifies() throws Exception {
        byte[] edxml = signedDocument("101", List.of(REST_OK, FILE, MAILBOX));
        HttpResponse<String> accepted = postXml("/edoc", SENDER_KEY, edxml);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode answer = jsonOf(accepted);
        String id = answer.get("id").asText();
        assertThat(id).startsWith("edoc-");
        assertThat(answer.get("documentId").asText()).isEqualTo(EdocPackages.documentId(SENDER, "101"));
        assertThat(answer.get("recipients")).hasSize(3);

        awaitStatus(id, REST_OK, "DELIVERED");
        awaitStatus(id, FILE, "DELIVERED");
        byte[] pushed = RECEIVER.receivedMessage("/ok", id).get(0).body();
        assertThat(pushed).isEqualTo(edxml);
        assertThat(RECEIVER.receivedMessage("/ok", id).get(0).header("X-Lienthong-Type")).isEqualTo("edoc");
        assertThat(Files.readAllBytes(FILE_INBOX.resolve(id + ".edxml"))).isEqualTo(edxml);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox/" + id, MAILBOX_KEY).statusCode() == 200);
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(api("/mailbox/" + id))
                .header("Authorization", "Bearer " + MAILBOX_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.body()).isEqualTo(edxml);

        // what the recipient got still verifies with the sender's certificate
        var verdict = new EdxmlSignatureVerifier().verify(PackageBytes.of(pushed), SignaturePolicy.forAgency(SENDER)
                .registeredCertificates(T01_SIGNER.certificate()).clock(Clock.systemUTC()).build());
        assertThat(verdict.valid()).as(verdict.reason()).isTrue();

        // the same package again is recognised, not delivered twice
        HttpResponse<String> again = postXml("/edoc", SENDER_KEY, edxml);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(jsonOf(again).get("id").asText()).isEqualTo(id);
        assertThat(jsonOf(again).get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void badSignaturesAndForgedSendersAreRefusedAndLeaveNothing() throws Exception {
        String documentId = EdocPackages.documentId(SENDER, "102");
        String xml = EdocPackages.document(SENDER, List.of(REST_OK), documentId, 0, null);

        byte[] tamperedSubject = new String(EdocPackages.signed(xml, T01_SIGNER), StandardCharsets.UTF_8)
                .replace("Hệ thống thông tin", "Hệ thống thông tin giả").getBytes(StandardCharsets.UTF_8);
        assertRefused(postXml("/edoc", SENDER_KEY, tamperedSubject), 422, "INVALID_SIGNATURE");

        String signed = new String(EdocPackages.signed(xml, T01_SIGNER), StandardCharsets.UTF_8);
        String attachment = java.util.Base64.getEncoder().encodeToString(EdocPackages.ATTACHMENT);
        String otherAttachment = java.util.Base64.getEncoder().encodeToString(
                "%PDF-1.4 công văn đính kèm — bản giả!".getBytes(StandardCharsets.UTF_8));
        assertRefused(postXml("/edoc", SENDER_KEY, signed.replace(attachment, otherAttachment)
                .getBytes(StandardCharsets.UTF_8)), 422, "INVALID_SIGNATURE");

        TestPki.Credential otherAgency = PKI.agency(OTHER_SENDER);
        assertRefused(postXml("/edoc", SENDER_KEY, EdocPackages.signed(xml, otherAgency)), 422, "INVALID_SIGNATURE");

        TestPki.Credential expired = PKI.expiredAgency(SENDER);
        assertRefused(postXml("/edoc", SENDER_KEY, EdocPackages.signed(xml, expired)), 422, "INVALID_SIGNATURE");

        assertRefused(postXml("/edoc", SENDER_KEY, xml.getBytes(StandardCharsets.UTF_8)), 422, "INVALID_SIGNATURE");

        // From/OrganId is another agency than the caller
        String forged = EdocPackages.document(OTHER_SENDER, List.of(REST_OK), EdocPackages.documentId(OTHER_SENDER, "1"),
                0, null);
        assertRefused(postXml("/edoc", SENDER_KEY, EdocPackages.signed(forged, T01_SIGNER)), 403, "FORBIDDEN");

        assertRefused(postXml("/edoc", SENDER_KEY, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                .getBytes(StandardCharsets.UTF_8)), 400, "INVALID_XML");
        assertRefused(postXml("/edoc", SENDER_KEY, EdocPackages.signed(EdocPackages.document(SENDER, List.of("Y98.99"),
                documentId, 0, null), T01_SIGNER)), 422, "UNKNOWN_RECIPIENT");

        assertThat(RECEIVER.received("/ok").stream().filter(r -> r.text().contains(documentId))).isEmpty();
        try (var staged = Files.list(DATA_DIR.resolve("content/staging"))) {
            assertThat(staged).isEmpty();
        }
    }

    private void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(problemCode(response)).isEqualTo(code);
    }

    @Test
    void anAgencyAllowedToSendUnsignedPackagesMaySendThem() {
        String xml = EdocPackages.document(OTHER_SENDER, List.of(MAILBOX), EdocPackages.documentId(OTHER_SENDER, "7"), 0, null);
        HttpResponse<String> accepted = postXml("/edoc", OTHER_SENDER_KEY, xml.getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    @Test
    void statusPacketsGoBackToTheSenderAndShowOnTheDocumentsTrail() throws Exception {
        String documentId = EdocPackages.documentId(SENDER, "103");
        byte[] edxml = EdocPackages.signed(EdocPackages.document(SENDER, List.of(MAILBOX, REST_OK), documentId, 0, null),
                T01_SIGNER);
        String id = jsonOf(postXml("/edoc", SENDER_KEY, edxml)).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox?limit=1000", MAILBOX_KEY).body().contains(id));
        assertThat(post("/mailbox/" + id + "/ack", MAILBOX_KEY, null, "").statusCode()).isEqualTo(204);

        // the mailbox agency answers "03 accepted" with a packet signed by its CA-issued certificate
        byte[] status = EdocPackages.signed(EdocPackages.status(MAILBOX, SENDER, documentId, "03"), PKI.agency(MAILBOX));
        HttpResponse<String> routed = postXml("/edoc/status", MAILBOX_KEY, status);
        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(202);
        String statusId = jsonOf(routed).get("id").asText();
        assertThat(jsonOf(routed).get("recipients").get(0).get("to").asText()).isEqualTo(SENDER);

        JsonNode trail = trail(id);
        JsonNode mailboxRecipient = null;
        for (JsonNode r : trail.get("recipients")) {
            if (r.get("to").asText().equals(MAILBOX)) {
                mailboxRecipient = r;
            }
        }
        assertThat(mailboxRecipient.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(mailboxRecipient.get("businessStatus").get("code").asText()).isEqualTo("03");
        assertThat(trail.get("related").toString()).contains(statusId).contains("status 03");
        assertThat(trail.get("events").toString()).contains("STATUS_03");

        // the sender (a mailbox agency) receives the status packet unchanged
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox?limit=1000", SENDER_KEY).body().contains(statusId));
        HttpResponse<byte[]> packet = http.send(HttpRequest.newBuilder(api("/mailbox/" + statusId))
                .header("Authorization", "Bearer " + SENDER_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(packet.body()).isEqualTo(status);

        // a status packet sent to the document endpoint is refused, and vice versa
        assertRefused(postXml("/edoc", MAILBOX_KEY, status), 400, "INVALID_MESSAGE");
        assertRefused(postXml("/edoc/status", SENDER_KEY, edxml), 400, "INVALID_MESSAGE");
    }

    @Test
    void revocationsUpdatesAndReplacementsAreDeliveredAndLinkedToTheOriginal() {
        String documentId = EdocPackages.documentId(SENDER, "104");
        String original = jsonOf(postXml("/edoc", SENDER_KEY, EdocPackages.signed(EdocPackages.document(SENDER,
                List.of(REST_OK), documentId, 0, null), T01_SIGNER))).get("id").asText();
        awaitStatus(original, REST_OK, "DELIVERED");

        List<String> followUps = new ArrayList<>();
        for (int type = 1; type <= 3; type++) {
            String ownId = type == 3 ? EdocPackages.documentId(SENDER, "104-THAY") : documentId;
            HttpResponse<String> sent = postXml("/edoc", SENDER_KEY, EdocPackages.signed(EdocPackages.document(SENDER,
                    List.of(REST_OK), ownId, type, documentId), T01_SIGNER));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String id = jsonOf(sent).get("id").asText();
            followUps.add(id);
            awaitStatus(id, REST_OK, "DELIVERED");
            assertThat(trail(id).get("refersTo").asText()).isEqualTo(original);
        }
        JsonNode trail = trail(original);
        assertThat(trail.get("related").toString()).contains(followUps.get(0)).contains("revoke")
                .contains(followUps.get(1)).contains("update").contains(followUps.get(2)).contains("replace");
        assertThat(trail.get("events").toString()).contains("REVOKE").contains("UPDATE").contains("REPLACE");
    }

    @Test
    void outboxFolderIntakeTakesGoodPackagesAndExplainsBadOnes() throws Exception {
        Path outbox = DATA_DIR.resolve("exchange/" + SENDER + "/outbox");
        Files.createDirectories(outbox);
        byte[] good = signedDocument("105", List.of(REST_OK));
        Files.write(outbox.resolve(".incoming.tmp"), good);
        Files.move(outbox.resolve(".incoming.tmp"), outbox.resolve("cong-van-105.edxml"));
        Files.write(outbox.resolve("hong.edxml"), EdocPackages.document(SENDER, List.of(REST_OK),
                EdocPackages.documentId(SENDER, "106"), 0, null).getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve(".done/cong-van-105.edxml"))
                && Files.exists(outbox.resolve(".error/hong.edxml.reason.txt")));
        assertThat(Files.readString(outbox.resolve(".error/hong.edxml.reason.txt"))).contains("INVALID_SIGNATURE");
        assertThat(outbox.resolve(".error/hong.edxml")).exists();
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.received("/ok").stream()
                .anyMatch(r -> java.util.Arrays.equals(r.body(), good)));
    }

    @Test
    void onePackageToAThousandAgenciesIsStoredOnceAndTrackedPerRecipient() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 1; i <= FAN_OUT; i++) {
            recipients.add("F01.%04d".formatted(i));
        }
        byte[] edxml = signedDocument("107", recipients);
        long contentFiles = countContentFiles();
        HttpResponse<String> accepted = postXml("/edoc", SENDER_KEY, edxml);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = jsonOf(accepted).get("id").asText();
        assertThat(jsonOf(accepted).get("recipients")).hasSize(FAN_OUT);
        assertThat(countContentFiles()).isEqualTo(contentFiles + 1);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode trail = trail(id);
            long inMailbox = 0;
            for (JsonNode e : trail.get("events")) {
                if (e.get("event").asText().equals("IN_MAILBOX")) {
                    inMailbox++;
                }
            }
            return inMailbox == FAN_OUT;
        });
        assertThat(trail(id).get("recipients")).hasSize(FAN_OUT);
        assertThat(get("/mailbox", "no-key-for-fan-out").statusCode()).isEqualTo(401);
    }

    private static long countContentFiles() throws Exception {
        Path content = DATA_DIR.resolve("content");
        if (!Files.exists(content)) {
            return 0;
        }
        try (var files = Files.walk(content)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".bin")).count();
        }
    }
}
