package org.lienthong.connector.dossier;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV batch of dossier records or progress updates: UTF-8 with or without a byte-order mark, comma,
 * semicolon or tab separated (chosen from the header line), RFC 4180 quoting (quoted values may hold separators,
 * doubled quotes and line breaks), CRLF or LF. The header names the portal's fields (any case, in any order; not
 * every field is needed); it decides the kind: a {@code TrangThaiHoSo} or {@code MaTTHC} column means records,
 * a {@code ThoiDiemXuLy} column progress updates. List fields are not carried by CSV.
 *
 * <p>The file as a whole is refused ({@link DossierBatch.Unreadable}) when it is not UTF-8, has no header, or the
 * header names a column twice or a column that is not a field: every row would be wrong the same way. A row with
 * the wrong number of values is an unreadable entry; the other rows go on. Entries are named {@code line N}.
 */
public final class DossierCsvReader {

    private DossierCsvReader() {
    }

    public static DossierBatch read(byte[] bytes) throws DossierBatch.Unreadable {
        String text = decode(bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        char separator = separator(text);
        List<Row> rows = parse(text, separator);
        if (rows.isEmpty() || rows.get(0).values().stream().allMatch(String::isBlank)) {
            throw new DossierBatch.Unreadable("the file is empty or has no header line");
        }
        List<String> header = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : rows.get(0).values()) {
            String name = DossierFields.canonical(raw).orElseThrow(() -> new DossierBatch.Unreadable("column '"
                    + raw.strip() + "' is not a dossier field (see docs/flows/dossiers.md)"));
            if (DossierFields.RECORD_LISTS.contains(name)) {
                throw new DossierBatch.Unreadable("column '" + name + "' is a list; lists are sent by JSON, XML or SOAP");
            }
            if (!seen.add(name)) {
                throw new DossierBatch.Unreadable("column '" + name + "' appears twice in the header");
            }
            header.add(name);
        }
        DossierRecord.Kind kind;
        if (seen.contains(DossierFields.TRANG_THAI_HO_SO) || seen.contains(DossierFields.MA_TTHC)) {
            kind = DossierRecord.Kind.RECORD;
        } else if (seen.contains(DossierFields.THOI_DIEM_XU_LY)) {
            kind = DossierRecord.Kind.PROGRESS;
        } else {
            throw new DossierBatch.Unreadable("the header has neither TrangThaiHoSo/MaTTHC (dossier records) nor "
                    + "ThoiDiemXuLy (progress updates)");
        }
        List<DossierEntry> entries = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            List<String> values = row.values();
            if (values.size() == 1 && values.get(0).isBlank()) {
                continue; // blank line
            }
            String where = "line " + row.line();
            if (values.size() != header.size()) {
                entries.add(DossierEntry.unreadable(where, "has " + values.size() + " values, the header has "
                        + header.size() + " (a separator inside a value must be quoted)"));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                if (!values.get(i).isBlank()) {
                    fields.put(header.get(i), values.get(i));
                }
            }
            entries.add(DossierEntry.of(where, fields, Map.of()));
        }
        return new DossierBatch(kind, entries);
    }

    private static String decode(byte[] bytes) throws DossierBatch.Unreadable {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new DossierBatch.Unreadable("the file is not UTF-8 text (save it as \"CSV UTF-8\")");
        }
    }

    /** The separator the header line uses most, outside quotes: comma, semicolon or tab. */
    private static char separator(String text) {
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '\n' || c == '\r') {
                    break;
                }
                if (c == ',') {
                    comma++;
                } else if (c == ';') {
                    semicolon++;
                } else if (c == '\t') {
                    tab++;
                }
            }
        }
        if (semicolon > comma && semicolon >= tab) {
            return ';';
        }
        return tab > comma ? '\t' : ',';
    }

    private record Row(int line, List<String> values) {
    }

    private static List<Row> parse(String text, char separator) throws DossierBatch.Unreadable {
        List<Row> rows = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        value.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    value.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && value.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                value.setLength(0);
            } else if (c == separator) {
                values.add(value.toString());
                value.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                values.add(value.toString());
                rows.add(new Row(rowLine, values));
                values = new ArrayList<>();
                value.setLength(0);
                wasQuoted = false;
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
                rowLine = line;
            } else if (wasQuoted) {
                if (!Character.isWhitespace(c)) {
                    throw new DossierBatch.Unreadable("line " + line + ": text after a closing quote");
                }
            } else {
                value.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new DossierBatch.Unreadable("line " + rowLine + ": a quoted value is never closed");
        }
        if (!values.isEmpty() || value.length() > 0 || wasQuoted) {
            values.add(value.toString());
            rows.add(new Row(rowLine, values));
        }
        return rows;
    }
}
