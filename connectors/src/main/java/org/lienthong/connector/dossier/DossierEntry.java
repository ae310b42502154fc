package org.lienthong.connector.dossier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dossier record or progress update as an edge read it, before validation: the portal's field names
 * ({@link DossierFields}) with their values as text, and the record's lists as lists of name/value pairs. Every
 * edge (JSON, CSV, XML, SOAP) produces entries; {@link DossierRecords} validates each on its own, so one bad
 * record never spoils its batch. An entry the edge could not read at all (a CSV row with the wrong number of
 * columns, a JSON element that is not an object) carries the reason instead of fields.
 *
 * @param where      where it was in the input, for the rejection report: "row 3", "HoSo[2]", "[0]"
 * @param fields     field name → text (blank values are absent)
 * @param lists      list name ({@code TaiLieuNop}, ...) → entries
 * @param unreadable why the entry could not be read, or null
 */
public record DossierEntry(String where, Map<String, String> fields, Map<String, List<Map<String, String>>> lists,
                           String unreadable) {

    public DossierEntry {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        lists = lists == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    public static DossierEntry of(String where, Map<String, String> fields, Map<String, List<Map<String, String>>> lists) {
        return new DossierEntry(where, fields, lists, null);
    }

    public static DossierEntry unreadable(String where, String reason) {
        return new DossierEntry(where, Map.of(), Map.of(), reason);
    }

    /** The record's key as given, for the rejection report (may be null or invalid). */
    public String key() {
        return fields.get(DossierFields.MA_HO_SO);
    }
}
