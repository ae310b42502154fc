package org.lienthong.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Agency identifier codes (mã định danh). Two forms are in use and both are accepted:
 * <ul>
 *   <li>the legacy QCVN 102:2016 form {@code ddd.dd.dd.Ldd}, 13 characters, e.g. {@code 000.00.00.G22};</li>
 *   <li>the QĐ 20/2020/QĐ-TTg form: 1–35 characters of {@code A-Z 0-9 .}, dot-separated groups, the first
 *       group a letter {@code A-Y} and two digits, e.g. {@code H41}, {@code H41.15}.</li>
 * </ul>
 * Codes compare exactly: no case folding, no trimming.
 */
public final class AgencyCode {

    private static final Pattern LEGACY = Pattern.compile("[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}");
    private static final Pattern QD20 = Pattern.compile("[A-Y][0-9]{2}(\\.[A-Z0-9]+)*");

    private AgencyCode() {
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /** Why the code is not valid, or empty when it is. */
    public static Optional<String> problem(String code) {
        if (code == null || code.isEmpty()) {
            return Optional.of("the code is empty");
        }
        if (LEGACY.matcher(code).matches()) {
            return Optional.empty();
        }
        if (code.length() > 35) {
            return Optional.of("'" + code + "' is longer than 35 characters");
        }
        if (!code.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')) {
            return Optional.of("'" + code + "' may only contain A-Z, 0-9 and '.' (upper case)");
        }
        if (code.startsWith(".") || code.endsWith(".") || code.contains("..")) {
            return Optional.of("'" + code + "' has an empty group between dots");
        }
        if (!QD20.matcher(code).matches()) {
            return Optional.of("'" + code + "' is neither a legacy code like 000.00.00.G22 nor a QĐ 20/2020 code "
                    + "whose first group is a letter A-Y and two digits, like H41.15");
        }
        return Optional.empty();
    }
}
