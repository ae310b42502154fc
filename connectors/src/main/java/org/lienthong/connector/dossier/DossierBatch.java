package org.lienthong.connector.dossier;

import java.util.List;

/**
 * A batch read from a file or a call: what it reports and its entries, not yet validated.
 *
 * @param kind    records or progress updates
 * @param entries the entries in input order
 */
public record DossierBatch(DossierRecord.Kind kind, List<DossierEntry> entries) {

    public DossierBatch {
        entries = List.copyOf(entries);
    }

    /** A batch that cannot be read at all (not CSV, unknown column, malformed XML...): nothing in it is applied. */
    public static final class Unreadable extends Exception {
        public Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }
}
