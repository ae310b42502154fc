package org.lienthong.connector.dossier;

import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates one {@link DossierEntry} into a {@link DossierRecord}, or says why not, naming the field. The same rules
 * for every edge:
 * <ul>
 *   <li>only the portal's field names (any case); a progress field in a record or the reverse is unknown;</li>
 *   <li>records need MaHoSo, MaTTHC, NgayTiepNhan and TrangThaiHoSo; progress updates MaHoSo, ThoiDiemXuLy and
 *       TrangThai;</li>
 *   <li>dates in one of the forms of {@link DossierDates}; NgayHenTra not before NgayTiepNhan;</li>
 *   <li>status codes known to the {@link StatusTable}; a record in a closing status says when (NgayTra or
 *       NgayKetThucXuLy);</li>
 *   <li>codes of at most 100 characters without blanks or control characters; texts of at most
 *       {@value #MAX_TEXT} characters without control characters other than line breaks and tabs; lists of at
 *       most {@value #MAX_LIST} entries;</li>
 *   <li>text is normalised to Unicode NFC (Vietnamese typed with combining marks compares equal to precomposed).</li>
 * </ul>
 */
public final class DossierRecords {

    static final int MAX_TEXT = 4000;
    static final int MAX_LIST = 500;
    private static final Pattern CODE = Pattern.compile("[\\p{L}\\p{N}._:/\\-]{1,100}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");

    /** A validated record, or the reason it was refused. */
    public record Outcome(DossierRecord record, String reason) {
        public boolean ok() {
            return record != null;
        }
    }

    private final StatusTable statuses;

    public DossierRecords(StatusTable statuses) {
        this.statuses = statuses;
    }

    public Outcome record(DossierEntry entry) {
        return check(entry, DossierRecord.Kind.RECORD);
    }

    public Outcome progress(DossierEntry entry) {
        return check(entry, DossierRecord.Kind.PROGRESS);
    }

    public Outcome check(DossierEntry entry, DossierRecord.Kind kind) {
        try {
            return new Outcome(validate(entry, kind), null);
        } catch (Refused e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private DossierRecord validate(DossierEntry entry, DossierRecord.Kind kind) {
        if (entry.unreadable() != null) {
            throw new Refused(entry.unreadable());
        }
        boolean record = kind == DossierRecord.Kind.RECORD;
        List<String> allowed = record ? DossierFields.RECORD : DossierFields.PROGRESS;
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        entry.fields().forEach((name, value) -> {
            String canonical = DossierFields.canonical(name).filter(allowed::contains)
                    .orElseThrow(() -> new Refused("unknown field '" + printable(name) + "'"
                            + (record ? "" : " in a progress update")));
            if (given.containsKey(canonical)) {
                throw new Refused("field " + canonical + " is given twice");
            }
            if (value != null && !value.isBlank()) {
                given.put(canonical, text(canonical, value));
            }
        });
        for (String name : allowed) {
            if (given.containsKey(name)) {
                fields.put(name, given.get(name));
            }
        }
        Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();
        entry.lists().forEach((name, items) -> {
            String canonical = DossierFields.canonical(name).filter(DossierFields.RECORD_LISTS::contains)
                    .filter(n -> record)
                    .orElseThrow(() -> new Refused("unknown list '" + printable(name) + "'"));
            lists.put(canonical, list(canonical, items));
        });

        String maHoSo = code(fields, DossierFields.MA_HO_SO);
        Map<String, OffsetDateTime> dates = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (DossierFields.DATES.contains(f.getKey())) {
                dates.put(f.getKey(), DossierDates.parse(f.getValue()).orElseThrow(() -> new Refused(f.getKey() + " '"
                        + printable(f.getValue()) + "' is not a date (yyyyMMddHHmmss, ISO-8601 or dd/MM/yyyy HH:mm:ss)")));
            }
        }
        String statusField = record ? DossierFields.TRANG_THAI_HO_SO : DossierFields.TRANG_THAI;
        String reported = required(fields, statusField);
        StatusTable.PortalStatus status = statuses.map(reported).orElseThrow(() -> new Refused(statusField + " '"
                + printable(reported) + "' is not in the status table (portal codes " + statuses.known()
                + ", or a code mapped in lienthong.dossier.status-map)"));
        if (record) {
            String maTTHC = code(fields, DossierFields.MA_TTHC);
            OffsetDateTime received = requiredDate(dates, DossierFields.NGAY_TIEP_NHAN);
            OffsetDateTime due = dates.get(DossierFields.NGAY_HEN_TRA);
            if (due != null && due.isBefore(received)) {
                throw new Refused("NgayHenTra is before NgayTiepNhan");
            }
            OffsetDateTime resolved = null;
            if (status.resolved()) {
                resolved = Optional.ofNullable(dates.get(DossierFields.NGAY_TRA))
                        .or(() -> Optional.ofNullable(dates.get(DossierFields.NGAY_KET_THUC_XU_LY)))
                        .orElseThrow(() -> new Refused(statusField + " " + status.code() + " (" + status.name()
                                + ") closes the dossier: NgayTra or NgayKetThucXuLy is required"));
                if (resolved.isBefore(received)) {
                    throw new Refused("the dossier is resolved before NgayTiepNhan");
                }
            }
            OffsetDateTime at = resolved != null ? resolved : received;
            return new DossierRecord(kind, maHoSo, maTTHC, fields.get(DossierFields.TEN_TTHC), received, due, at,
                    resolved, status, fields, dates, lists);
        }
        OffsetDateTime at = requiredDate(dates, DossierFields.THOI_DIEM_XU_LY);
        return new DossierRecord(kind, maHoSo, null, null, null, dates.get("NgayKetThucTheoQuyDinh"), at,
                status.resolved() ? at : null, status, fields, dates, lists);
    }

    private static String text(String field, String value) {
        String text = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
        if (text.length() > MAX_TEXT) {
            throw new Refused(field + " is longer than " + MAX_TEXT + " characters");
        }
        if (CONTROL.matcher(text).find()) {
            throw new Refused(field + " contains control characters");
        }
        return text;
    }

    private static List<Map<String, String>> list(String name, List<Map<String, String>> items) {
        if (items == null) {
            return List.of();
        }
        if (items.size() > MAX_LIST) {
            throw new Refused(name + " has more than " + MAX_LIST + " entries");
        }
        List<Map<String, String>> out = new ArrayList<>(items.size());
        for (Map<String, String> item : items) {
            Map<String, String> clean = new LinkedHashMap<>();
            item.forEach((k, v) -> {
                String key = text(name + " entry name", k);
                if (key.isEmpty() || key.length() > 100) {
                    throw new Refused(name + " has an entry field name that is empty or longer than 100 characters");
                }
                if (v != null && !v.isBlank()) {
                    clean.put(key, text(name + "." + key, v));
                }
            });
            out.add(clean);
        }
        return out;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new Refused(name + " is required");
        }
        return value;
    }

    private static String code(Map<String, String> fields, String name) {
        String value = required(fields, name);
        if (!CODE.matcher(value).matches()) {
            throw new Refused(name + " '" + printable(value) + "' is not a code (at most 100 letters, digits and . _ : / -)");
        }
        return value;
    }

    private static OffsetDateTime requiredDate(Map<String, OffsetDateTime> dates, String name) {
        OffsetDateTime value = dates.get(name);
        if (value == null) {
            throw new Refused(name + " is required");
        }
        return value;
    }

    /** A value quoted in a reason: short, one line. */
    private static String printable(String value) {
        String v = CONTROL.matcher(value).replaceAll("?").replace('\n', ' ').replace('\r', ' ');
        return v.length() > 60 ? v.substring(0, 60) + "…" : v;
    }

    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
