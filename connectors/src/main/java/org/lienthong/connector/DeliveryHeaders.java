package org.lienthong.connector;

import java.util.LinkedHashMap;
import java.util.Map;

/** The headers every pushed delivery carries (SPEC §7), built in one place for all connectors. */
public final class DeliveryHeaders {

    public static final String MESSAGE_ID = "X-Lienthong-Message-Id";
    public static final String FROM = "X-Lienthong-From";
    public static final String TYPE = "X-Lienthong-Type";
    public static final String CONVERSATION_ID = "X-Lienthong-Conversation-Id";
    public static final String ATTEMPT = "X-Lienthong-Attempt";
    public static final String CREATED_AT = "X-Lienthong-Created-At";

    private DeliveryHeaders() {
    }

    /** Header name to value, in a stable order; only headers with a value. */
    public static Map<String, String> of(OutboundMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(MESSAGE_ID, message.messageId());
        headers.put(FROM, message.from());
        headers.put(TYPE, message.type());
        if (message.conversationId() != null) {
            headers.put(CONVERSATION_ID, message.conversationId());
        }
        headers.put(ATTEMPT, Integer.toString(message.attempt()));
        if (message.createdAt() != null) {
            headers.put(CREATED_AT, message.createdAt().toString());
        }
        return headers;
    }
}
