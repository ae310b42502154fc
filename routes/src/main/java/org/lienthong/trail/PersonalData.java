package org.lienthong.trail;

import java.text.Normalizer;

/**
 * Masks a citizen's contact details for the trail: enough for an operator to tell two items apart or to confirm
 * with the agency which citizen it was ("L. V. C., phone ******5678, e-mail l***@example.vn"), not enough to
 * contact or identify the person. The full details travel only in the message to the agency that handles it.
 */
public final class PersonalData {

    private PersonalData() {
    }

    /** Initials of each word of a name: {@code "Lê Văn C"} gives {@code "L. V. C."}. */
    public static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return "-";
        }
        StringBuilder initials = new StringBuilder();
        for (String word : Normalizer.normalize(name.strip(), Normalizer.Form.NFC).split("\\s+")) {
            int first = word.codePointAt(0);
            if (initials.length() > 0) {
                initials.append(' ');
            }
            initials.appendCodePoint(Character.toUpperCase(first)).append('.');
        }
        return initials.toString();
    }

    /** Only the last three digits of a phone number: {@code "0912345678"} gives {@code "*******678"}. */
    public static String maskPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return "-";
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() <= 3) {
            return "***";
        }
        return "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 3);
    }

    /** The first character of the local part and the domain: {@code "levanc@example.vn"} gives {@code "l***@example.vn"}. */
    public static String maskEmail(String email) {
        if (email == null || email.isBlank()) {
            return "-";
        }
        String address = email.strip();
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.substring(0, address.offsetByCodePoints(0, 1)) + "***" + address.substring(at);
    }

    /** One line for a trail detail. */
    public static String maskedContact(String name, String phone, String email) {
        return maskName(name) + ", phone " + maskPhone(phone) + ", e-mail " + maskEmail(email);
    }
}
