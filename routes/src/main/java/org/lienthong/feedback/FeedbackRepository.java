package org.lienthong.feedback;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Feedback items, their replies and deadlines. */
public final class FeedbackRepository {

    /** One item as stored. */
    public record Item(String id, String portal, String handlingAgency, String topic, String title, Instant submittedAt,
                       Instant deadline, String messageId, Instant repliedAt, Instant overdueAt) {
    }

    private static final String COLUMNS = "id, portal, handling_agency, topic, title, submitted_at, deadline, message_id, "
            + "replied_at, overdue_at";
    private static final RowMapper<Item> ITEM = (rs, i) -> new Item(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), instant(rs.getObject(6, OffsetDateTime.class)),
            instant(rs.getObject(7, OffsetDateTime.class)), rs.getString(8), instant(rs.getObject(9, OffsetDateTime.class)),
            instant(rs.getObject(10, OffsetDateTime.class)));

    private final JdbcTemplate jdbc;

    public FeedbackRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Stores a new item; false when it was already there (a re-submission). */
    public boolean insert(Item item) {
        try {
            jdbc.update("INSERT INTO feedback_item (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                    item.id(), item.portal(), item.handlingAgency(), item.topic(), item.title(), utc(item.submittedAt()),
                    utc(item.deadline()), item.messageId());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<Item> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM feedback_item WHERE id = ?", ITEM, id).stream().findFirst();
    }

    /** Records a reply; false when this reply message was recorded before. */
    public boolean addReply(String feedbackId, String messageId, String responder, String content, int attachments,
                            Instant at) {
        try {
            jdbc.update("INSERT INTO feedback_reply (feedback_id, message_id, responder, content, attachments, replied_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", feedbackId, messageId, responder, content, attachments, utc(at));
        } catch (DuplicateKeyException e) {
            return false;
        }
        jdbc.update("UPDATE feedback_item SET replied_at = ? WHERE id = ? AND replied_at IS NULL", utc(at), feedbackId);
        return true;
    }

    public List<FeedbackDesk.ReplyView> replies(String feedbackId) {
        return jdbc.query("SELECT responder, content, replied_at, attachments FROM feedback_reply WHERE feedback_id = ? "
                        + "ORDER BY replied_at, message_id",
                (rs, i) -> new FeedbackDesk.ReplyView(rs.getString(1), rs.getString(2),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getInt(4)), feedbackId);
    }

    /** Items past their deadline without a reply that are not yet recorded as overdue. */
    public List<Item> newlyOverdue(Instant now, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM feedback_item WHERE replied_at IS NULL AND overdue_at IS NULL "
                + "AND deadline < ? ORDER BY deadline FETCH FIRST " + limit + " ROWS ONLY", ITEM, utc(now));
    }

    public void markOverdue(String id, Instant at) {
        jdbc.update("UPDATE feedback_item SET overdue_at = ? WHERE id = ? AND overdue_at IS NULL", utc(at), id);
    }

    /** Overdue items (past deadline, no reply), oldest deadline first, optionally only those an agency is party to. */
    public List<Item> overdue(Instant now, String agency, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM feedback_item WHERE replied_at IS NULL AND deadline < ?"
                + (agency == null ? "" : " AND (portal = ? OR handling_agency = ?)")
                + " ORDER BY deadline FETCH FIRST " + limit + " ROWS ONLY";
        return agency == null ? jdbc.query(sql, ITEM, utc(now)) : jdbc.query(sql, ITEM, utc(now), agency, agency);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
