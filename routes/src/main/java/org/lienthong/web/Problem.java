package org.lienthong.web;

/**
 * The machine-readable error codes of the API (SPEC §6) with their HTTP status. Every error answer is an
 * RFC 7807 problem carrying one of these in its {@code code} field.
 */
public enum Problem {
    UNAUTHENTICATED(401, "Unauthenticated"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    ID_CONFLICT(409, "Message id already used"),
    INVALID_MESSAGE(400, "Invalid message"),
    INVALID_JSON(400, "Invalid JSON"),
    INVALID_XML(400, "Invalid XML"),
    INVALID_REQUEST(400, "Invalid request"),
    UNKNOWN_RECIPIENT(422, "Unknown recipient"),
    RECIPIENT_REFUSES_TYPE(422, "Recipient does not accept this message type"),
    INVALID_SIGNATURE(422, "Invalid signature"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RATE_LIMITED(429, "Too many requests"),
    NOT_REPLAYABLE(409, "Delivery cannot be replayed"),
    UNAVAILABLE(503, "Service unavailable"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    Problem(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
