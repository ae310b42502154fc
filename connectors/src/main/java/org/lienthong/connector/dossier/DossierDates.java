package org.lienthong.connector.dossier;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;

/**
 * Dates of dossier records. Read: the portal's {@code yyyyMMddHHmmss}, ISO-8601 with an offset
 * ({@code 2026-11-01T08:00:00+07:00}), ISO-8601 local date-time or date, and the day-first forms spreadsheets
 * export ({@code 01/11/2026 08:00:00}, {@code 01/11/2026 08:00}, {@code 01/11/2026}); times without an offset are
 * in the portal's zone. Written: {@code yyyyMMddHHmmss} in the portal's zone (Asia/Ho_Chi_Minh).
 */
public final class DossierDates {

    public static final ZoneId PORTAL_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    public static final DateTimeFormatter PORTAL = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(PORTAL,
            DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm").withResolverStyle(ResolverStyle.STRICT));
    private static final List<DateTimeFormatter> LOCAL_DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));

    private DossierDates() {
    }

    /** The instant a text names, or empty when it is in none of the accepted forms. */
    public static Optional<OffsetDateTime> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException ignored) {
            // try the local forms
        }
        for (DateTimeFormatter f : LOCAL_TIMES) {
            try {
                return Optional.of(LocalDateTime.parse(t, f).atZone(PORTAL_ZONE).toOffsetDateTime());
            } catch (DateTimeParseException ignored) {
                // next form
            }
        }
        for (DateTimeFormatter f : LOCAL_DATES) {
            try {
                return Optional.of(LocalDate.parse(t, f).atStartOfDay(PORTAL_ZONE).toOffsetDateTime());
            } catch (DateTimeParseException ignored) {
                // next form
            }
        }
        return Optional.empty();
    }

    /** {@code yyyyMMddHHmmss} in the portal's zone. */
    public static String portal(OffsetDateTime time) {
        return time.atZoneSameInstant(PORTAL_ZONE).format(PORTAL);
    }
}
