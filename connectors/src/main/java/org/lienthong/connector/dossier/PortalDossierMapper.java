package org.lienthong.connector.dossier;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated record in the portal's JSON: the message body the bus delivers to the {@code portal} and
 * {@code pakn-system} agencies. One record per message, in the portal's batch shape so that a receiver can
 * hand it on as it is:
 *
 * <pre>{@code
 * {"service": "DongBoHoSoMC", "reporter": "000.00.00.H41", "data": [ { "MaHoSo": ..., "NgayTiepNhan": "20261120080000", ... } ]}
 * }</pre>
 *
 * Field names and order are the portal's; dates are {@code yyyyMMddHHmmss} in Asia/Ho_Chi_Minh; the status is the
 * portal's code (the reporter's own code, when it differed, is kept as {@code TrangThaiGoc}); lists are arrays
 * of name/value objects. Nothing else is added or dropped.
 */
public final class PortalDossierMapper {

    /** Where the reporter's own status code goes when the status table changed it. */
    public static final String ORIGINAL_STATUS = "TrangThaiGoc";

    private PortalDossierMapper() {
    }

    /** The message body for one record, as a tree for any JSON writer. */
    public static Map<String, Object> message(String reporter, DossierRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", record.kind().service());
        body.put("reporter", reporter);
        body.put("data", List.of(portal(record)));
        return body;
    }

    /** The record in the portal's fields. */
    public static Map<String, Object> portal(DossierRecord record) {
        String statusField = record.kind() == DossierRecord.Kind.RECORD ? DossierFields.TRANG_THAI_HO_SO
                : DossierFields.TRANG_THAI;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : record.fields().entrySet()) {
            String name = field.getKey();
            OffsetDateTime date = record.dates().get(name);
            if (date != null) {
                out.put(name, DossierDates.portal(date));
            } else if (name.equals(statusField)) {
                out.put(name, record.status().code());
                if (!record.status().code().equals(field.getValue())) {
                    out.put(ORIGINAL_STATUS, field.getValue());
                }
            } else {
                out.put(name, field.getValue());
            }
        }
        for (String list : DossierFields.RECORD_LISTS) {
            List<Map<String, String>> items = record.lists().get(list);
            if (items != null) {
                out.put(list, items);
            }
        }
        return out;
    }
}
