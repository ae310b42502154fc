package org.lienthong.connector.dossier;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated dossier record ({@code DongBoHoSoMC}) or progress update ({@code CapNhatTienDoHoSoMC}): every field
 * as NFC-normalised text under its canonical name, in the portal's order, with the facts the bus needs taken out
 * and checked. Built only by {@link DossierRecords}.
 *
 * @param kind        record or progress
 * @param maHoSo      the dossier's code
 * @param maTTHC      procedure code (records only)
 * @param tenTTHC     procedure name (records only, may be null)
 * @param receivedAt  NgayTiepNhan (records only)
 * @param dueAt       NgayHenTra (records) or NgayKetThucTheoQuyDinh (progress), may be null
 * @param at          when the reported state was reached: ThoiDiemXuLy (progress), else when resolved, else
 *                    received
 * @param resolvedAt  when the dossier was resolved (NgayTra, else NgayKetThucXuLy; ThoiDiemXuLy for progress),
 *                    null while it is open
 * @param status      the portal's status the reported code maps to
 * @param fields      all scalar fields, canonical names, text as received (NFC)
 * @param dates       the date fields parsed
 * @param lists       list fields (records only)
 */
public record DossierRecord(Kind kind, String maHoSo, String maTTHC, String tenTTHC, OffsetDateTime receivedAt,
                            OffsetDateTime dueAt, OffsetDateTime at, OffsetDateTime resolvedAt,
                            StatusTable.PortalStatus status, Map<String, String> fields,
                            Map<String, OffsetDateTime> dates, Map<String, List<Map<String, String>>> lists) {

    /** What a record reports. */
    public enum Kind {
        /** a dossier's data and status (DongBoHoSoMC) */
        RECORD("DongBoHoSoMC"),
        /** a processing step (CapNhatTienDoHoSoMC) */
        PROGRESS("CapNhatTienDoHoSoMC");

        private final String service;

        Kind(String service) {
            this.service = service;
        }

        /** The portal's name of the call. */
        public String service() {
            return service;
        }
    }

    public DossierRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        dates = Collections.unmodifiableMap(new LinkedHashMap<>(dates));
        lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }
}
