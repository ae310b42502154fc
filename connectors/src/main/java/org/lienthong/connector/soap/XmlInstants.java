package org.lienthong.connector.soap;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * {@code xs:dateTime} ⇄ {@link Instant} for the classes generated from the e-Doc WSDL (see
 * {@code wsdl/edoc-bindings.xjb}). Times are written in UTC ({@code 2025-03-14T08:30:00Z}); a time read without
 * an offset is taken as UTC.
 */
public final class XmlInstants {

    private XmlInstants() {
    }

    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(trimmed,
                    java.time.OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof LocalDateTime local) {
                return local.toInstant(ZoneOffset.UTC);
            }
            return ((java.time.OffsetDateTime) parsed).toInstant();
        } catch (DateTimeParseException e) {
            // JAXB turns this into an unmarshalling error: a client fault naming the bad value, nothing more
            throw new IllegalArgumentException("not an xs:dateTime: " + trimmed);
        }
    }

    public static String print(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
