package org.lienthong.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.MTOMFeature;
import org.apache.cxf.message.Message;
import org.junit.jupiter.api.Test;
import org.lienthong.connector.soap.FeedbackContract;
import org.lienthong.connector.soap.feedback.contract.FeedbackPortType;
import org.lienthong.connector.soap.feedback.contract.FeedbackService;

/**
 * The end-to-end case: the portal submits feedback → a provincial portal's own SOAP service (a real CXF
 * endpoint) receives it and replies by SOAP → the portal's and the PAKN system's REST receivers get the reply.
 */
class FeedbackSoapFlowIT extends BusITSupport {

    private FeedbackPortType bus(String key) {
        FeedbackPortType port = new FeedbackService(FeedbackContract.wsdl()).getFeedbackPort(new MTOMFeature());
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, "http://127.0.0.1:" + port() + "/services/feedback");
        context.put(Message.PROTOCOL_HEADERS, Map.of("Authorization", List.of("Bearer " + key)));
        return port;
    }

    private int port() {
        return port;
    }

    @Test
    void aProvincialSoapServiceReceivesFeedbackAndRepliesBySoap() throws Exception {
        String id = uniqueId("pakn-soap");
        // the province answers as soon as the item reaches its service, from its own thread
        CompletableFuture<String> replied = new CompletableFuture<>();
        FEEDBACK_INBOX.onReceive(received -> {
            if (received.feedback() != null && id.equals(received.feedback().getId())) {
                CompletableFuture.runAsync(() -> {
                    try {
                        var state = bus(PROVINCE_KEY).replyFeedback(id, "Sở Xây dựng tỉnh (thử nghiệm)",
                                "Sở đã kiểm tra và hướng dẫn công dân bổ sung hồ sơ trực tuyến.", List.of());
                        replied.complete(state.getStatus());
                    } catch (Exception e) {
                        replied.completeExceptionally(e);
                    }
                });
            }
        });
        String item = """
                {"id":"%s","title":"Phản ánh về thời hạn cấp phép","content":"Hồ sơ của tôi đã quá hạn 5 ngày.",
                 "handlingAgency":"%s","citizen":{"name":"Nguyễn Thị D","phone":"0987654321"},
                 "channel":"mobile","regulation":{"code":"1.009994","name":"Cấp giấy phép xây dựng nhà ở riêng lẻ"},
                 "submittedAt":"%s"}""".formatted(id, PROVINCE, OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.ofHours(7)));
        assertThat(post("/feedback", PORTAL_KEY, "application/json", item).statusCode()).isEqualTo(202);

        assertThat(replied.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join()).isEqualTo("REPLIED");
        var received = FEEDBACK_INBOX.received(id);
        assertThat(received.operation()).isEqualTo("receiveFeedback");
        assertThat(received.feedback().getCitizen().getName()).isEqualTo("Nguyễn Thị D");
        assertThat(received.feedback().getDeadline()).isNotNull();
        assertThat(received.feedback().getChannel()).isEqualTo("mobile");
        assertThat(received.feedback().getRegulation().getCode()).isEqualTo("1.009994");
        assertThat(received.feedback().getRegulation().getName()).isEqualTo("Cấp giấy phép xây dựng nhà ở riêng lẻ");

        for (String path : new String[] {"/portal", "/pakn"}) {
            await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.received(path).stream()
                    .anyMatch(r -> r.text().contains("\"feedbackId\":\"" + id + "\"")
                            && r.text().contains("hướng dẫn công dân")));
        }
        assertThat(bus(PORTAL_KEY).getFeedbackState(id).getStatus()).isEqualTo("REPLIED");
    }

    @Test
    void aMailboxAgencyPullsTheItemBySoapWithItsChannelAndRegulation() throws Exception {
        String id = uniqueId("pakn-pull");
        String item = """
                {"id":"%s","title":"Phản ánh về thời gian giải quyết hồ sơ đất đai","content":"Hồ sơ nộp từ tháng 9 đến nay chưa có kết quả.",
                 "topic":"dat-dai","citizen":{"name":"Nguyễn Thị D","email":"nguyenthid@example.vn"},
                 "channel":"hotline","regulation":{"code":"1.000045"},
                 "submittedAt":"%s"}""".formatted(id, OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.ofHours(7)));
        assertThat(post("/feedback", PORTAL_KEY, "application/json", item).statusCode()).isEqualTo(202);

        FeedbackPortType mailbox = bus(MAILBOX_KEY);
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.getReceivedFeedbackList(1000).stream()
                .anyMatch(i -> i.getId().equals(id)));
        var pulled = mailbox.getReceivedFeedbackList(1000).stream().filter(i -> i.getId().equals(id)).findFirst().orElseThrow();
        assertThat(pulled.getHandlingAgency()).isEqualTo(MAILBOX);
        assertThat(pulled.getChannel()).isEqualTo("hotline");
        assertThat(pulled.getRegulation().getCode()).isEqualTo("1.000045");
        assertThat(pulled.getRegulation().getName()).isNull();
    }
}
