package org.lienthong.connector.edxml;

import java.util.Optional;

/** What a document package does, {@code Bussiness/BussinessDocType}. */
public enum BusinessDocType {
    /** 0: a new document. */
    NEW("0"),
    /** 1: revokes (thu hồi) a document sent before. */
    REVOKE("1"),
    /** 2: updates (cập nhật) a document sent before. */
    UPDATE("2"),
    /** 3: replaces (thay thế) the documents named in {@code ReplacementInfoList}. */
    REPLACE("3");

    private final String code;

    BusinessDocType(String code) {
        this.code = code;
    }

    /** The edXML value, {@code "0"} to {@code "3"}. */
    public String code() {
        return code;
    }

    /** The type for an edXML value, empty when {@code code} is not one. */
    public static Optional<BusinessDocType> of(String code) {
        for (BusinessDocType type : values()) {
            if (type.code.equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
