package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Citizen feedback (PAKN): routed with a deadline, replied to, replies fanned back, overdue items flagged; directives. */
class FeedbackFlowIT extends BusITSupport {

    private static final String CONTENT = "Hồ sơ yêu cầu nộp bản sao chứng thực nhiều giấy tờ đã có trong cơ sở dữ liệu quốc gia.";

    private static final String PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ";

    private String item(String id, String handlingAgency, String topic) {
        return item(id, handlingAgency, topic, "");
    }

    /** @param more further members, each followed by a comma */
    private String item(String id, String handlingAgency, String topic, String more) {
        return """
                {"id":"%s","title":"Đề nghị đơn giản hóa thủ tục cấp giấy phép xây dựng","content":"%s",
                 %s"topic":%s,%s
                 "citizen":{"name":"Lê Văn C","phone":"0912345678","email":"levanc@example.vn"},
                 "submittedAt":"%s","attachments":[]}
                """.formatted(id, CONTENT, handlingAgency == null ? "" : "\"handlingAgency\":\"" + handlingAgency + "\",",
                topic == null ? "null" : "\"" + topic + "\"", more,
                OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.ofHours(7)));
    }

    private JsonNode state(String id, String key) {
        HttpResponse<String> response = get("/feedback/" + id, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    @Test
    void feedbackIsRoutedRepliedToAndTheReplyReachesThePortalAndThePaknSystem() throws Exception {
        String id = uniqueId("pakn");
        HttpResponse<String> accepted = post("/feedback", PORTAL_KEY, "application/json", item(id, REST_OK, "xay-dung",
                "\"channel\":\"web\",\"regulation\":{\"code\":\"1.009994\",\"name\":\"" + PROCEDURE + "\"},"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode answer = jsonOf(accepted);
        assertThat(answer.get("handlingAgency").asText()).isEqualTo(REST_OK);
        assertThat(Duration.between(OffsetDateTime.parse(answer.get("submittedAt").asText()).toInstant(),
                OffsetDateTime.parse(answer.get("deadline").asText()).toInstant())).isEqualTo(Duration.ofDays(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(state(id, PORTAL_KEY).get("status").asText()));
        TestReceiver.Received delivered = RECEIVER.receivedMessage("/ok", id).get(0);
        assertThat(delivered.header("X-Lienthong-Type")).isEqualTo("feedback");
        JsonNode pushed = json.readTree(delivered.body());
        assertThat(pushed.get("content").asText()).isEqualTo(CONTENT);
        assertThat(pushed.get("citizen").get("phone").asText()).isEqualTo("0912345678");
        assertThat(pushed.get("deadline").asText()).isNotBlank();
        assertThat(pushed.get("channel").asText()).isEqualTo("web");
        assertThat(pushed.get("regulation").get("code").asText()).isEqualTo("1.009994");
        assertThat(pushed.get("regulation").get("name").asText()).isEqualTo(PROCEDURE);

        HttpResponse<String> replied = post("/feedback/" + id + "/reply", HANDLER_KEY, "application/json", """
                {"responder":"Phòng Pháp chế, Bộ Xây dựng","content":"Bộ đã tiếp thu và sẽ sửa đổi quy định trong quý I."}""");
        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(202);
        assertThat(jsonOf(replied).get("status").asText()).isEqualTo("REPLIED");

        for (String path : new String[] {"/portal", "/pakn"}) {
            await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.received(path).stream()
                    .anyMatch(r -> r.text().contains("\"feedbackId\":\"" + id + "\"")));
            TestReceiver.Received reply = RECEIVER.received(path).stream()
                    .filter(r -> r.text().contains("\"feedbackId\":\"" + id + "\"")).findFirst().orElseThrow();
            assertThat(reply.header("X-Lienthong-Type")).isEqualTo("feedback-reply");
            assertThat(json.readTree(reply.body()).get("content").asText()).contains("quý I");
        }
        JsonNode state = state(id, HANDLER_KEY);
        assertThat(state.get("replies")).hasSize(1);
        assertThat(state.get("replies").get(0).get("responder").asText()).isEqualTo("Phòng Pháp chế, Bộ Xây dựng");
        assertThat(get("/feedback/" + id, MAILBOX_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void theCitizensContactDetailsReachTheAgencyButNeverTheLogOrTheTrail() throws Exception {
        String name = "Trần Thị Riêng Tư";
        String phone = "0987654321";
        String email = "rieng.tu.citizen@example.vn";
        String id = uniqueId("pakn-pii");
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // the bus's own code at DEBUG, everything else at its configured level
        ch.qos.logback.classic.Logger bus = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.lienthong");
        ch.qos.logback.classic.Level busLevel = bus.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        bus.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            String body = item(id, REST_OK, "xay-dung").replace("Lê Văn C", name).replace("0912345678", phone)
                    .replace("levanc@example.vn", email);
            assertThat(post("/feedback", PORTAL_KEY, "application/json", body).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(state(id, PORTAL_KEY).get("status").asText()));
            assertThat(post("/feedback/" + id + "/reply", HANDLER_KEY, "application/json",
                    "{\"responder\":\"Sở Xây dựng\",\"content\":\"Đã tiếp nhận.\"}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.received("/portal").stream()
                    .anyMatch(r -> r.text().contains("\"feedbackId\":\"" + id + "\"")));
        } finally {
            root.detachAppender(logs);
            bus.setLevel(busLevel);
        }
        // the handling agency gets everything it needs to answer
        JsonNode pushed = json.readTree(RECEIVER.receivedMessage("/ok", id).get(0).body());
        assertThat(pushed.get("citizen").get("name").asText()).isEqualTo(name);
        assertThat(pushed.get("citizen").get("phone").asText()).isEqualTo(phone);
        assertThat(pushed.get("citizen").get("email").asText()).isEqualTo(email);
        // nothing of it in the log of the whole flow
        assertThat(logs.list).isNotEmpty();
        for (var event : logs.list) {
            String logged = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(logged).doesNotContain(name, phone, email, "Riêng Tư", "654321", "rieng.tu");
        }
        // the trail names the citizen only masked, in what callers see and in the database itself
        String trail = get("/messages/" + id, PORTAL_KEY).body();
        assertThat(trail).contains("T. T. R. T., phone *******321, e-mail r***@example.vn")
                .doesNotContain(name, phone, email);
        var stored = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForList(
                "SELECT detail FROM trail_event WHERE message_id = ?", String.class, id);
        assertThat(stored).anyMatch(detail -> detail != null && detail.contains("T. T. R. T."));
        assertThat(String.join("\n", stored.stream().map(String::valueOf).toList()))
                .doesNotContain(name, phone, email, "654321", "rieng.tu");
    }

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    @Test
    void topicRoutingMailboxPullAndRefusals() {
        String id = uniqueId("pakn-topic");
        HttpResponse<String> accepted = post("/feedback", PORTAL_KEY, "application/json", item(id, null, "dat-dai"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(jsonOf(accepted).get("handlingAgency").asText()).isEqualTo(MAILBOX);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/mailbox?limit=1000", MAILBOX_KEY).body().contains(id));
        assertThat(state(id, PORTAL_KEY).get("status").asText()).isEqualTo("DELIVERED");

        HttpResponse<String> noRoute = post("/feedback", PORTAL_KEY, "application/json", item(uniqueId("x"), null, "khong-co"));
        assertThat(noRoute.statusCode()).isEqualTo(422);
        assertThat(jsonOf(noRoute).get("code").asText()).isEqualTo("UNKNOWN_RECIPIENT");
        HttpResponse<String> notPortal = post("/feedback", SENDER_KEY, "application/json", item(uniqueId("x"), REST_OK, null));
        assertThat(notPortal.statusCode()).isEqualTo(403);
        HttpResponse<String> notHandler = post("/feedback/" + id + "/reply", HANDLER_KEY, "application/json",
                "{\"responder\":\"x\",\"content\":\"y\"}");
        assertThat(notHandler.statusCode()).isEqualTo(403);
        HttpResponse<String> invalid = post("/feedback", PORTAL_KEY, "application/json",
                "{\"id\":\"a\",\"title\":\"t\",\"content\":\"c\",\"topic\":\"dat-dai\",\"submittedAt\":\"2026-11-20T09:15:00+07:00\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(jsonOf(invalid).get("detail").asText()).contains("citizen");
        HttpResponse<String> badChannel = post("/feedback", PORTAL_KEY, "application/json",
                item(uniqueId("x"), REST_OK, null, "\"channel\":\"Cổng tỉnh\","));
        assertThat(badChannel.statusCode()).isEqualTo(400);
        assertThat(jsonOf(badChannel).get("detail").asText()).contains("'channel'");
    }

    @Test
    void anItemPastItsDeadlineIsFlaggedOverdue() {
        String id = uniqueId("pakn-late");
        assertThat(post("/feedback", PORTAL_KEY, "application/json", item(id, REST_OK, null)).statusCode()).isEqualTo(202);
        assertThat(state(id, PORTAL_KEY).get("overdue").asBoolean()).isFalse();

        CLOCK.advance(Duration.ofDays(16)); // the default deadline is 15 days
        await().atMost(Duration.ofSeconds(20)).until(() -> asOperator("GET", api("/messages/" + id)).body().contains("\"OVERDUE\""));
        JsonNode state = state(id, PORTAL_KEY);
        assertThat(state.get("status").asText()).isEqualTo("OVERDUE");
        assertThat(state.get("overdue").asBoolean()).isTrue();
        assertThat(get("/feedback?overdue=true", PORTAL_KEY).body()).contains(id);
        assertThat(get("/feedback?overdue=true", MAILBOX_KEY).body()).doesNotContain(id);
        assertThat(asOperator("GET", api("/feedback?overdue=true&limit=1000")).body()).contains(id);
        String metrics = send(HttpRequest.newBuilder(management("/actuator/prometheus")).build()).body();
        assertThat(metrics).contains("lienthong_feedback_overdue_total{agency=\"" + REST_OK + "\"");
    }

    @Test
    void aDirectiveToEveryoneReachesEveryAgencyThatAcceptsDirectives() {
        String id = uniqueId("chi-thi");
        HttpResponse<String> accepted = submit(SENDER_KEY, """
                {"id":"%s","type":"directive","to":["*"],"subject":"Chỉ thị về phòng, chống bão số 9",
                 "payload":{"noiDung":"Các cơ quan triển khai ngay phương án ứng phó."}}""".formatted(id));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode recipients = jsonOf(accepted).get("recipients");
        assertThat(recipients.size()).isGreaterThanOrEqualTo(FAN_OUT);
        assertThat(recipients.toString()).doesNotContain("\"to\":\"" + SENDER + "\"").doesNotContain(FEEDBACK_ONLY + "\"")
                .contains("F01.0500");
        awaitStatus(id, REST_OK, "DELIVERED");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                trail(id).get("events").toString().split("IN_MAILBOX", -1).length - 1 >= FAN_OUT);

        HttpResponse<String> notBroadcaster = submit(OTHER_SENDER_KEY, """
                {"type":"directive","to":["*"],"payload":1}""");
        assertThat(notBroadcaster.statusCode()).isEqualTo(403);
        HttpResponse<String> starForGeneric = submit(SENDER_KEY, "{\"to\":[\"*\"],\"payload\":1}");
        assertThat(starForGeneric.statusCode()).isEqualTo(400);
    }
}
