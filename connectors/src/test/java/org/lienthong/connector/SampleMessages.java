package org.lienthong.connector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Outbound messages the connector tests send: realistic agency codes, Vietnamese text, fixed time. */
public final class SampleMessages {

    public static final String FROM = "000.00.00.G22";
    public static final String RECIPIENT = "000.00.01.H29";
    public static final Instant CREATED_AT = Instant.parse("2025-03-14T08:30:00Z");
    public static final String SUBJECT = "Công văn số 12/VPCP — khẩn";
    public static final String VIETNAMESE_JSON = "{\"tieuDe\":\"Công văn số 12/VPCP — khẩn\"}";

    private SampleMessages() {
    }

    /** A generic JSON message, first attempt, no conversation. */
    public static OutboundMessage json(String id) {
        return message(id, "application/json; charset=UTF-8", Payload.of(VIETNAMESE_JSON.getBytes(StandardCharsets.UTF_8)));
    }

    public static OutboundMessage message(String id, String contentType, Payload payload) {
        return new OutboundMessage(id, FROM, RECIPIENT, "generic", null, SUBJECT, contentType, CREATED_AT, payload, 1);
    }
}
