package org.lienthong.dossier;

import java.util.List;

import org.lienthong.connector.dossier.DossierProgress;
import org.lienthong.connector.dossier.DossierRecord;
import org.lienthong.registry.Agency;

/**
 * The dossier (TTHC) results flow: records and progress updates reported by a provincial system, each
 * validated on its own, the good ones transformed to the portal's JSON and forwarded to the {@code portal}
 * and {@code pakn-system} agencies, and counted for the monthly statistics. Every edge (REST, SOAP
 * {@code /services/dossier}, CSV/XML files) hands its parsed records here.
 */
public interface DossierDesk {

    /** Dossier sync records (DongBoHoSoMC). Records that fail validation are rejected alone. */
    BatchResult sync(Agency reporter, List<DossierRecord> records);

    /** Progress updates (CapNhatTienDoHoSoMC). */
    BatchResult progress(Agency reporter, List<DossierProgress> updates);

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
     * @param where  where in the input (e.g. "row 3", "HoSo[2]")
     * @param reason why, naming the field
     */
    record Rejection(int index, String key, String where, String reason) {
    }
}
