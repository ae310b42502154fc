package org.lienthong.dossier;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The latest known state of each reported dossier, and the monthly statistics computed from it. */
public final class DossierRepository {

    /** What the statistics need of a dossier. */
    public record DossierState(String reporter, String maHoSo, String maTTHC, String tenTTHC, Instant receivedAt,
                               Instant dueAt, Instant resolvedAt, String status) {
    }

    /** One statistics row: an agency's procedure in a month. */
    public record StatsRow(String agency, String procedure, String procedureName, long received, long resolvedOnTime,
                           long resolvedLate, long pending, long overdue) {
    }

    private final JdbcTemplate jdbc;

    public DossierRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Inserts or replaces the dossier's state (the latest report wins). */
    public void save(DossierState d, Instant at) {
        Object[] values = {d.maTTHC(), d.tenTTHC(), utc(d.receivedAt()), utc(d.dueAt()), utc(d.resolvedAt()), d.status(),
                utc(at), d.reporter(), d.maHoSo()};
        int updated = jdbc.update("UPDATE dossier SET ma_tthc = ?, ten_tthc = ?, received_at = ?, due_at = ?, "
                + "resolved_at = ?, status = ?, updated_at = ? WHERE reporter = ? AND ma_ho_so = ?", values);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO dossier (ma_tthc, ten_tthc, received_at, due_at, resolved_at, status, updated_at, "
                        + "reporter, ma_ho_so) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
            } catch (DuplicateKeyException e) {
                jdbc.update("UPDATE dossier SET ma_tthc = ?, ten_tthc = ?, received_at = ?, due_at = ?, resolved_at = ?, "
                        + "status = ?, updated_at = ? WHERE reporter = ? AND ma_ho_so = ?", values);
            }
        }
    }

    /** Marks a dossier resolved (a progress update reaching a resolved status). */
    public void resolve(String reporter, String maHoSo, Instant resolvedAt, String status, Instant at) {
        jdbc.update("UPDATE dossier SET resolved_at = COALESCE(resolved_at, ?), status = ?, updated_at = ? "
                + "WHERE reporter = ? AND ma_ho_so = ?", utc(resolvedAt), status, utc(at), reporter, maHoSo);
    }

    public void status(String reporter, String maHoSo, String status, Instant at) {
        jdbc.update("UPDATE dossier SET status = ?, updated_at = ? WHERE reporter = ? AND ma_ho_so = ?",
                status, utc(at), reporter, maHoSo);
    }

    /**
     * Statistics of the month [{@code start}, {@code end}) per agency and procedure, as of {@code asOf} (the end
     * of the month, or now for the current month): received in the month, resolved in the month on time or late,
     * and, at {@code asOf}, pending (received, not resolved) and overdue (pending past the due date).
     */
    public List<StatsRow> stats(Instant start, Instant end, Instant asOf, String agency) {
        String sql = """
                SELECT reporter, ma_tthc, MAX(ten_tthc),
                  SUM(CASE WHEN received_at >= ? AND received_at < ? THEN 1 ELSE 0 END),
                  SUM(CASE WHEN resolved_at >= ? AND resolved_at < ? AND (due_at IS NULL OR resolved_at <= due_at) THEN 1 ELSE 0 END),
                  SUM(CASE WHEN resolved_at >= ? AND resolved_at < ? AND due_at IS NOT NULL AND resolved_at > due_at THEN 1 ELSE 0 END),
                  SUM(CASE WHEN received_at < ? AND (resolved_at IS NULL OR resolved_at >= ?) THEN 1 ELSE 0 END),
                  SUM(CASE WHEN received_at < ? AND (resolved_at IS NULL OR resolved_at >= ?) AND due_at IS NOT NULL
                           AND due_at < ? THEN 1 ELSE 0 END)
                FROM dossier
                WHERE ((received_at >= ? AND received_at < ?) OR (resolved_at >= ? AND resolved_at < ?)
                       OR (received_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)))
                """ + (agency == null ? "" : " AND reporter = ?") + " GROUP BY reporter, ma_tthc ORDER BY reporter, ma_tthc";
        OffsetDateTime s = utc(start);
        OffsetDateTime e = utc(end);
        OffsetDateTime a = utc(asOf);
        Object[] params = agency == null
                ? new Object[] {s, e, s, e, s, e, a, a, a, a, a, s, e, s, e, a, a}
                : new Object[] {s, e, s, e, s, e, a, a, a, a, a, s, e, s, e, a, a, agency};
        return jdbc.query(sql, (rs, i) -> new StatsRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)), params);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
