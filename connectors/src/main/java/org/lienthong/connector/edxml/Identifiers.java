package org.lienthong.connector.edxml;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for the identifiers the bus routes and records by. The same rules are patterns in
 * {@code edxml.xsd}; here they give the sender a precise message (and check what a pattern cannot, such
 * as a real calendar date).
 */
final class Identifiers {

    /** Longest QĐ 20/2020 agency code. */
    static final int MAX_ORGAN_ID = 35;

    private static final Pattern LEGACY = Pattern.compile("[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}");
    private static final Pattern QD20 = Pattern.compile("[A-Y][0-9]{2}(?:\\.[A-Z0-9]+)*");
    private static final Pattern DOCUMENT_ID = Pattern.compile("([^,]+),([0-9]{4}/[0-9]{2}/[0-9]{2}),([^,/\\s]+/[^,\\s]+)");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    static final String ORGAN_ID_FORMS = "a legacy code ddd.dd.dd.Ldd or a QĐ 20/2020 code such as H41.15";
    static final String DOCUMENT_ID_FORM = "<OrganId>,<yyyy/MM/dd>,<number/notation>, "
            + "e.g. 000.00.00.G22,2015/09/30,7816/VPCP-TTĐT";

    private Identifiers() {
    }

    /** True for a legacy ({@code ddd.dd.dd.Ldd}) or QĐ 20/2020 agency code; codes compare exactly. */
    static boolean isOrganId(String code) {
        return code != null && (code.length() == 13 && LEGACY.matcher(code).matches()
                || code.length() <= MAX_ORGAN_ID && QD20.matcher(code).matches());
    }

    /** Why {@code id} is not a DocumentId, or null when it is one. */
    static String documentIdProblem(String id) {
        Matcher parts = DOCUMENT_ID.matcher(id);
        if (!parts.matches()) {
            return "is not a DocumentId (" + DOCUMENT_ID_FORM + ")";
        }
        if (!isOrganId(parts.group(1))) {
            return "does not start with an agency code (" + ORGAN_ID_FORMS + ")";
        }
        try {
            LocalDate.parse(parts.group(2), SLASHED);
        } catch (DateTimeException e) {
            return "has no real date (" + parts.group(2) + ")";
        }
        return null;
    }

    /** A date written {@code yyyy-MM-dd} or {@code yyyy/MM/dd}; null for empty text. */
    static LocalDate date(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return LocalDate.parse(text, text.indexOf('/') > 0 ? SLASHED : DASHED);
    }
}
