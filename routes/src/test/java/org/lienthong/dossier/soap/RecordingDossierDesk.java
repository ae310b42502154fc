package org.lienthong.dossier.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.lienthong.connector.dossier.DossierEntry;
import org.lienthong.connector.dossier.DossierFields;
import org.lienthong.dossier.DossierDesk;
import org.lienthong.registry.Agency;
import org.lienthong.web.Problem;
import org.lienthong.web.ProblemException;

/**
 * A {@link DossierDesk} for the SOAP edge's tests: it records every call and judges each entry by a simple rule
 * (an unreadable entry, or one without {@code MaHoSo}, or whose {@code TrangThaiHoSo} / {@code TrangThai} is not a
 * number, is rejected naming the field; the others are accepted as message {@code msg-<n>}). Markers in
 * {@code MaHoSo} make it refuse the whole batch ({@code !LIMIT!}: {@code RATE_LIMITED}) or fail ({@code !BOOM!}).
 */
final class RecordingDossierDesk implements DossierDesk {

    /** One call as the edge made it. */
    record Call(String operation, String reporter, List<DossierEntry> entries) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger messages = new AtomicInteger();

    @Override
    public BatchResult sync(Agency reporter, List<DossierEntry> records) {
        return judge("sync", reporter, records, DossierFields.TRANG_THAI_HO_SO);
    }

    @Override
    public BatchResult progress(Agency reporter, List<DossierEntry> updates) {
        return judge("progress", reporter, updates, DossierFields.TRANG_THAI);
    }

    /** The last call, or null. */
    Call last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    private BatchResult judge(String operation, Agency reporter, List<DossierEntry> entries, String status) {
        calls.add(new Call(operation, reporter.code(), List.copyOf(entries)));
        List<String> ids = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            DossierEntry entry = entries.get(i);
            String key = entry.key();
            if ("!LIMIT!".equals(key)) {
                throw new ProblemException(Problem.RATE_LIMITED, "quá nhiều lần gửi trong một phút");
            }
            if ("!BOOM!".equals(key)) {
                throw new IllegalStateException("disk full at /var/lib/lienthong/db");
            }
            String reason = entry.unreadable() != null ? entry.unreadable()
                    : key == null ? DossierFields.MA_HO_SO + " is required"
                    : !entry.fields().getOrDefault(status, "").matches("\\d+") ? status + " must be a status code"
                    : null;
            if (reason == null) {
                ids.add("msg-" + messages.incrementAndGet());
            } else {
                rejected.add(new Rejection(i, key, entry.where(), reason));
            }
        }
        return new BatchResult(ids.size(), ids, rejected);
    }
}
