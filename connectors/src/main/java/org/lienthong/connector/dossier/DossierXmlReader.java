package org.lienthong.connector.dossier;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.lienthong.connector.xml.SecureXml;

/**
 * Reads an XML batch of dossier records ({@code <DanhSachHoSo><HoSo>…</HoSo>…</DanhSachHoSo>}) or progress updates
 * ({@code <DanhSachTienDo><TienDo>…</TienDo>…</DanhSachTienDo>}). Inside an entry each field is an element named
 * like the portal's field holding text; a list field holds one element per entry (any name, e.g.
 * {@code <TaiLieuNop><TaiLieu><TenTaiLieu>…</TenTaiLieu></TaiLieu></TaiLieuNop>}) whose child elements are
 * name/value pairs. Namespaces are ignored, so the root may carry one.
 *
 * <p>Parsed with the hardened {@link SecureXml} reader (no DOCTYPE, entities or external resources). A document
 * that is not well-formed, or whose root is not one of the two lists, is refused as a whole; an entry with an
 * unexpected shape (a field holding elements, text directly in a list) is an unreadable entry and the others go
 * on. Entries are named {@code HoSo[i]} / {@code TienDo[i]} (0-based).
 */
public final class DossierXmlReader {

    public static final String RECORDS_ROOT = "DanhSachHoSo";
    public static final String RECORD = "HoSo";
    public static final String PROGRESS_ROOT = "DanhSachTienDo";
    public static final String PROGRESS = "TienDo";

    private DossierXmlReader() {
    }

    /** Whether a root element's local name is a dossier batch (for telling these files from edXML packages). */
    public static boolean isBatchRoot(String localName) {
        return RECORDS_ROOT.equals(localName) || PROGRESS_ROOT.equals(localName);
    }

    public static DossierBatch read(InputStream in) throws DossierBatch.Unreadable {
        try {
            XMLStreamReader r = SecureXml.streamReader(in);
            try {
                r.nextTag();
                String root = r.getLocalName();
                DossierRecord.Kind kind;
                String item;
                if (RECORDS_ROOT.equals(root)) {
                    kind = DossierRecord.Kind.RECORD;
                    item = RECORD;
                } else if (PROGRESS_ROOT.equals(root)) {
                    kind = DossierRecord.Kind.PROGRESS;
                    item = PROGRESS;
                } else {
                    throw new DossierBatch.Unreadable("the root element is <" + root + ">; a dossier batch is <"
                            + RECORDS_ROOT + "> or <" + PROGRESS_ROOT + ">");
                }
                List<DossierEntry> entries = new ArrayList<>();
                while (next(r) == XMLStreamConstants.START_ELEMENT) {
                    String where = item + "[" + entries.size() + "]";
                    if (!item.equals(r.getLocalName())) {
                        entries.add(DossierEntry.unreadable(where, "<" + r.getLocalName() + "> where <" + item
                                + "> was expected"));
                        skip(r);
                        continue;
                    }
                    entries.add(entry(r, where));
                }
                return new DossierBatch(kind, entries);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new DossierBatch.Unreadable("the file is not well-formed XML or breaks the XML limits ("
                    + SecureXml.refusal(e).getMessage() + ")");
        }
    }

    /** Reads one entry; the reader is on its start tag and ends on its end tag. */
    private static DossierEntry entry(XMLStreamReader r, String where) throws XMLStreamException {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> lists = new LinkedHashMap<>();
        String problem = null;
        int event;
        while ((event = next(r)) == XMLStreamConstants.START_ELEMENT) {
            String name = r.getLocalName();
            String canonical = DossierFields.canonical(name).orElse(name);
            if (DossierFields.RECORD_LISTS.contains(canonical)) {
                List<Map<String, String>> items = new ArrayList<>();
                while (next(r) == XMLStreamConstants.START_ELEMENT) {
                    Map<String, String> pairs = new LinkedHashMap<>();
                    while (next(r) == XMLStreamConstants.START_ELEMENT) {
                        String key = r.getLocalName();
                        String text = text(r);
                        if (text == null) {
                            problem = problem != null ? problem : canonical + "." + key + " holds elements, not text";
                        } else {
                            pairs.put(key, text);
                        }
                    }
                    items.add(pairs);
                }
                if (lists.put(canonical, items) != null) {
                    problem = problem != null ? problem : "list " + canonical + " is given twice";
                }
            } else {
                String text = text(r);
                if (text == null) {
                    problem = problem != null ? problem : "field " + name + " holds elements, not text";
                } else if (fields.put(name, text) != null) {
                    problem = problem != null ? problem : "field " + name + " is given twice";
                }
            }
        }
        if (event != XMLStreamConstants.END_ELEMENT) {
            throw malformed(r, "unexpected content in " + where);
        }
        return problem != null ? DossierEntry.unreadable(where, problem) : DossierEntry.of(where, fields, lists);
    }

    /** The text of a text-only element, or null (having skipped it) when it holds elements. Ends on its end tag. */
    private static String text(XMLStreamReader r) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getText());
                case XMLStreamConstants.START_ELEMENT -> {
                    skip(r); // the child
                    skip(r); // the rest of this element
                    return null;
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                default -> {
                    // comments and processing instructions carry no data
                }
            }
        }
    }

    /** Moves to the next start or end tag, refusing text between elements. */
    private static int next(XMLStreamReader r) throws XMLStreamException {
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
                    return event;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!r.isWhiteSpace()) {
                        throw malformed(r, "text '" + abbreviated(r.getText()) + "' outside a field");
                    }
                }
                default -> {
                    // whitespace, comments, processing instructions
                }
            }
        }
    }

    /** Skips the element whose start tag the reader is on, ending on its end tag. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static SecureXml.XmlRefusedException malformed(XMLStreamReader r, String problem) {
        javax.xml.stream.Location at = r.getLocation();
        return new SecureXml.XmlRefusedException(SecureXml.Reason.MALFORMED, problem,
                at == null ? -1 : at.getLineNumber(), at == null ? -1 : at.getColumnNumber(), null);
    }

    private static String abbreviated(String text) {
        String t = text.strip();
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }
}
