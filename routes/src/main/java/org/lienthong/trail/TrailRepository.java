package org.lienthong.trail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.lienthong.model.DeliveryStatus;
import org.lienthong.trail.TrailViews.DeadLetter;
import org.lienthong.trail.TrailViews.DeliveryView;
import org.lienthong.trail.TrailViews.EventView;
import org.lienthong.trail.TrailViews.MailboxEntry;
import org.lienthong.trail.TrailViews.MailboxItem;
import org.lienthong.trail.TrailViews.MessageTrail;
import org.lienthong.trail.TrailViews.UsageRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Reads the trail, mailboxes, dead letters and usage. Plain SQL that runs on H2 and PostgreSQL alike. */
public final class TrailRepository {

    private static final String MESSAGE_COLUMNS = "m.id, m.msg_type, m.sender, m.conversation_id, m.subject, "
            + "m.content_type, m.size_bytes, m.created_at, m.content_ref, m.recipient_count";

    private final JdbcTemplate jdbc;

    public TrailRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The message record (recipients filled from its deliveries). */
    public Optional<MessageRecord> findMessage(String id) {
        List<MessageRecord> found = jdbc.query("SELECT " + MESSAGE_COLUMNS + " FROM message m WHERE m.id = ?",
                (rs, i) -> message(rs, recipientsOf(rs.getString(1))), id);
        return found.stream().findFirst();
    }

    private List<String> recipientsOf(String messageId) {
        return jdbc.queryForList("SELECT recipient FROM delivery WHERE message_id = ? ORDER BY recipient",
                String.class, messageId);
    }

    /** The message with every delivery and every recorded event, oldest event first. */
    public Optional<MessageTrail> trail(String id) {
        return findMessage(id).map(message -> new MessageTrail(message, deliveries(id), events(id)));
    }

    public List<DeliveryView> deliveries(String messageId) {
        return jdbc.query("SELECT recipient, status, attempts, last_error, delivered_at, updated_at FROM delivery "
                + "WHERE message_id = ? ORDER BY recipient", DELIVERY, messageId);
    }

    public Optional<DeliveryView> delivery(String messageId, String recipient) {
        return jdbc.query("SELECT recipient, status, attempts, last_error, delivered_at, updated_at FROM delivery "
                + "WHERE message_id = ? AND recipient = ?", DELIVERY, messageId, recipient).stream().findFirst();
    }

    public List<EventView> events(String messageId) {
        return jdbc.query("SELECT seq, event_at, recipient, event_type, detail FROM trail_event WHERE message_id = ? "
                + "ORDER BY seq", (rs, i) -> new EventView(rs.getLong(1), instant(rs, 2), rs.getString(3),
                rs.getString(4), rs.getString(5)), messageId);
    }

    /** Messages waiting in a recipient's mailbox, oldest first. */
    public List<MailboxEntry> mailbox(String recipient, int limit) {
        return jdbc.query("SELECT " + MESSAGE_COLUMNS + " FROM mailbox b JOIN message m ON m.id = b.message_id "
                        + "WHERE b.recipient = ? AND b.acked_at IS NULL ORDER BY b.seq FETCH FIRST " + Math.max(1, limit)
                        + " ROWS ONLY",
                (rs, i) -> entry(rs), recipient);
    }

    public long mailboxDepth(String recipient) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM mailbox WHERE recipient = ? AND acked_at IS NULL",
                Long.class, recipient);
        return n == null ? 0 : n;
    }

    /** One mailbox entry with its payload, whether or not it was acknowledged already. */
    public Optional<MailboxItem> mailboxItem(String recipient, String messageId) {
        return jdbc.query("SELECT " + MESSAGE_COLUMNS + ", b.payload, b.content_ref, b.acked_at FROM mailbox b "
                        + "JOIN message m ON m.id = b.message_id WHERE b.recipient = ? AND b.message_id = ?",
                (rs, i) -> new MailboxItem(entry(rs), rs.getBytes(11), rs.getString(12), rs.getObject(13) != null),
                recipient, messageId).stream().findFirst();
    }

    /** Dead deliveries, newest first, optionally for one recipient agency. */
    public List<DeadLetter> deadLetters(String agency, int limit) {
        String sql = "SELECT d.message_id, d.recipient, m.sender, m.msg_type, d.attempts, d.last_error, d.updated_at, "
                + "m.created_at FROM delivery d JOIN message m ON m.id = d.message_id WHERE d.status = 'DEAD'"
                + (agency == null ? "" : " AND d.recipient = ?")
                + " ORDER BY d.updated_at DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY";
        RowMapper<DeadLetter> mapper = (rs, i) -> new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getInt(5), rs.getString(6), instant(rs, 7), instant(rs, 8));
        return agency == null ? jdbc.query(sql, mapper) : jdbc.query(sql, mapper, agency);
    }

    /** Usage counters of one month ({@code YYYY-MM}), ordered by sender, type, recipient. */
    public List<UsageRow> usage(String month) {
        return jdbc.query("SELECT usage_month, sender, msg_type, recipient, messages, bytes FROM usage_counter "
                        + "WHERE usage_month = ? ORDER BY sender, msg_type, recipient",
                (rs, i) -> new UsageRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6)), month);
    }

    /** True when the agency sent or receives the message (trail access control). */
    public boolean isParty(String messageId, String agency) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM message m WHERE m.id = ? AND (m.sender = ? OR EXISTS "
                + "(SELECT 1 FROM delivery d WHERE d.message_id = m.id AND d.recipient = ?))", Integer.class,
                messageId, agency, agency);
        return n != null && n > 0;
    }

    private static final RowMapper<DeliveryView> DELIVERY = (rs, i) -> new DeliveryView(rs.getString(1),
            DeliveryStatus.valueOf(rs.getString(2)), rs.getInt(3), rs.getString(4), instant(rs, 5), instant(rs, 6));

    private static MessageRecord message(ResultSet rs, List<String> recipients) throws SQLException {
        return new MessageRecord(rs.getString(1), rs.getString(2), rs.getString(3), recipients, rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getLong(7), instant(rs, 8), rs.getString(9));
    }

    private static MailboxEntry entry(ResultSet rs) throws SQLException {
        return new MailboxEntry(rs.getString(1), rs.getString(3), rs.getString(2), rs.getString(5), instant(rs, 8),
                rs.getLong(7), rs.getString(4), rs.getString(6));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

}
