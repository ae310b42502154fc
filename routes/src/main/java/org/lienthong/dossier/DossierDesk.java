package org.lienthong.dossier;

import java.util.List;

import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.registry.Agency;

/**
 * The dossier (TTHC) results flow: records and progress updates reported by a provincial system, each
 * validated on its own, the good ones transformed to the portal's JSON and forwarded to the {@code portal}
 * and {@code pakn-system} agencies, and counted for the monthly statistics. Every edge (REST, SOAP
 * {@code /services/dossier}, CSV/XML files) reads its input into {@link DossierEntry}s (field names of
 * {@link org.lienthong.connector.dossier.DossierFields}, values as text) and hands them here; validation happens
 * here, per entry, the same for every edge. A batch refused as a whole (too many entries, empty) is a
 * {@link org.lienthong.web.ProblemException}.
 */
public interface DossierDesk {

    /** Dossier sync records (DongBoHoSoMC). Records that fail validation are rejected alone. */
    BatchResult sync(Agency reporter, List<DossierEntry> records);

    /** Progress updates (CapNhatTienDoHoSoMC). Updates that fail validation are rejected alone. */
    BatchResult progress(Agency reporter, List<DossierEntry> updates);

    /**
     * What happened to a batch: accepted records (with the bus message that carries them) and rejected ones
     * with the reason. A batch is never half-applied per record: each record is either fully accepted or
     * rejected.
     */
    record BatchResult(int accepted, List<String> messageIds, List<Rejection> rejected) {
    }

    /**
     * @param index  position in the batch (0-based; for files, the data row number is in {@code where})
     * @param key    the record's MaHoSo, when it has one
     * @param where  where in the input ({@link DossierEntry#where()}, e.g. "row 3", "HoSo[2]")
     * @param reason why, naming the field
     */
    record Rejection(int index, String key, String where, String reason) {
    }
}
