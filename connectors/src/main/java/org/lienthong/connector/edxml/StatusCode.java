package org.lienthong.connector.edxml;

import java.util.Optional;

/** The edXML status codes a status packet may carry ({@code StatusCode}). */
public enum StatusCode {
    /** 01: arrived; the recipient's software received it, no clerk has handled it yet. */
    ARRIVED("01"),
    /** 02: rejected by the recipient's clerk. */
    REJECTED("02"),
    /** 03: accepted and entered in the incoming register. */
    ACCEPTED("03"),
    /** 04: assigned for handling. */
    ASSIGNED("04"),
    /** 05: being processed. */
    PROCESSING("05"),
    /** 06: completed. */
    COMPLETED("06"),
    /** 13: the sender asks to recall the document. */
    RECALL_REQUESTED("13"),
    /** 15: the recipient agrees to the update or recall request. */
    REQUEST_AGREED("15"),
    /** 16: the recipient refuses the update or recall request. */
    REQUEST_REFUSED("16");

    private final String code;

    StatusCode(String code) {
        this.code = code;
    }

    /** The two-digit edXML value. */
    public String code() {
        return code;
    }

    /** The status for a two-digit edXML value, empty when {@code code} is not one. */
    public static Optional<StatusCode> of(String code) {
        for (StatusCode status : values()) {
            if (status.code.equals(code)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
