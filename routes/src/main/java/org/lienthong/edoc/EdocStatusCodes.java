package org.lienthong.edoc;

import java.util.Map;

/** The edXML status codes (reference/edxml.md) and what they mean, for the trail. */
public final class EdocStatusCodes {

    private static final Map<String, String> MEANINGS = Map.of(
            "01", "arrived (đã đến)",
            "02", "rejected (từ chối tiếp nhận)",
            "03", "accepted and registered (tiếp nhận)",
            "04", "assigned for handling (phân công xử lý)",
            "05", "being processed (đang xử lý)",
            "06", "completed (hoàn thành)",
            "13", "recall requested (yêu cầu lấy lại)",
            "15", "update/recall request agreed",
            "16", "update/recall request refused");

    private EdocStatusCodes() {
    }

    public static boolean isValid(String code) {
        return code != null && MEANINGS.containsKey(code);
    }

    public static String meaning(String code) {
        return MEANINGS.getOrDefault(code, "status " + code);
    }
}
