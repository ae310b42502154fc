package org.lienthong.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for agency codes (SPEC §3). A code is valid in one of two forms:
 * <ul>
 *   <li>the legacy form {@code ddd.dd.dd.Ldd}, exactly 13 characters, e.g. {@code 000.00.00.H41};</li>
 *   <li>a QĐ 20/2020 code: 1–35 characters of {@code A-Z}, {@code 0-9} and {@code .}, dot-separated non-empty
 *       groups, the first group a letter {@code A-Y} followed by two digits, e.g. {@code H41}, {@code G22.01.03}.</li>
 * </ul>
 * Codes compare exactly: lower case is invalid rather than folded, so one agency never has two spellings.
 */
public final class AgencyCode {

    /** Longest QĐ 20/2020 code. */
    public static final int MAX_LENGTH = 35;

    private static final Pattern LEGACY = Pattern.compile("[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}");
    private static final Pattern QD20 = Pattern.compile("[A-Y][0-9]{2}(?:\\.[A-Z0-9]+)*");
    private static final Pattern FIRST_GROUP = Pattern.compile("[A-Y][0-9]{2}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private AgencyCode() {
    }

    /** True when {@code code} is a legacy or QĐ 20/2020 agency code. */
    public static boolean isValid(String code) {
        return code != null && (isLegacy(code) || (code.length() <= MAX_LENGTH && QD20.matcher(code).matches()));
    }

    /** True when {@code code} has the legacy 13-character form {@code ddd.dd.dd.Ldd}. */
    public static boolean isLegacy(String code) {
        return code != null && code.length() == 13 && LEGACY.matcher(code).matches();
    }

    /**
     * Why {@code code} is not a valid agency code, as a sentence for an operator; empty when it is valid. The
     * code itself is not repeated, so callers can quote it as they see fit.
     */
    public static Optional<String> problem(String code) {
        if (isValid(code)) {
            return Optional.empty();
        }
        if (code == null || code.isEmpty()) {
            return Optional.of("the code is empty");
        }
        if (code.isBlank()) {
            return Optional.of("the code is blank");
        }
        if (!code.equals(code.strip())) {
            return Optional.of("the code has leading or trailing spaces");
        }
        String upper = code.toUpperCase(Locale.ROOT);
        if (!upper.equals(code) && isValid(upper)) {
            return Optional.of("codes are upper case and compare exactly (write " + upper + ")");
        }
        int position = 0;
        for (int c : code.codePoints().toArray()) {
            position++;
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.')) {
                return Optional.of(describe(c) + " at position " + position
                        + " is not allowed; a code has only A-Z, 0-9 and '.'");
            }
        }
        if (code.length() > MAX_LENGTH) {
            return Optional.of("the code is " + code.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        if (code.startsWith(".") || code.endsWith(".") || code.contains("..")) {
            return Optional.of("the code has an empty group (a leading, trailing or doubled '.')");
        }
        String first = code.split("\\.", -1)[0];
        if (DIGITS.matcher(first).matches()) {
            // Starts with digits: the author meant the legacy form, so explain that one.
            return Optional.of("a legacy code has the form ddd.dd.dd.Ldd (13 characters: 3 digits, 2 digits, "
                    + "2 digits, a letter and 2 digits, e.g. 000.00.00.H41)");
        }
        if (!FIRST_GROUP.matcher(first).matches()) {
            return Optional.of("the first group '" + first + "' must be a letter A-Y followed by two digits "
                    + "(e.g. H41), or use the legacy form ddd.dd.dd.Ldd");
        }
        return Optional.of("not a legacy (ddd.dd.dd.Ldd) or QĐ 20/2020 code");
    }

    private static String describe(int c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c) || !Character.isDefined(c)) {
            return String.format("the character U+%04X", c);
        }
        String text = Character.toString(c);
        return Character.isLowerCase(c) ? "the lower-case letter '" + text + "'" : "'" + text + "'";
    }
}
