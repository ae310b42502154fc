package org.lienthong.messages;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON body of {@code POST /api/v1/messages}. Exactly one of {@code payload} (any JSON value) and
 * {@code payloadBase64} is required. There is no {@code from}: the sender is always the authenticated agency.
 */
public record SubmitRequest(String id, String type, List<String> to, String conversationId, String subject,
                            String contentType, JsonNode payload, String payloadBase64) {
}
