package org.lienthong.edoc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The e-Doc tables: which bus message carries which document, links between documents, business statuses. */
public final class EdocRepository {

    /** One accepted package or status packet. */
    public record EdocRow(String messageId, EdocPackage.Kind kind, String sender, String documentId, Integer businessType,
                          String statusCode, String originalMessageId, Instant createdAt) {
    }

    /** A recipient's latest business status for a document. */
    public record BusinessStatus(String recipient, String code, String description, Instant reportedAt) {
    }

    private final JdbcTemplate jdbc;

    public EdocRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Records a package; recording the same message again is harmless. */
    public void record(EdocRow row) {
        if (find(row.messageId()).isPresent()) {
            return;
        }
        try {
            jdbc.update("INSERT INTO edoc_message (message_id, kind, sender, document_id, business_type, status_code, "
                            + "original_message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    row.messageId(), row.kind().name(), row.sender(), row.documentId(), row.businessType(),
                    row.statusCode(), row.originalMessageId(), row.createdAt().atOffset(ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            // recorded concurrently (a re-submission): the first record stands
        }
    }

    public Optional<EdocRow> find(String messageId) {
        return jdbc.query("SELECT message_id, kind, sender, document_id, business_type, status_code, original_message_id, "
                        + "created_at FROM edoc_message WHERE message_id = ?",
                (rs, i) -> new EdocRow(rs.getString(1), EdocPackage.Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), (Integer) rs.getObject(5), rs.getString(6), rs.getString(7),
                        rs.getObject(8, java.time.OffsetDateTime.class).toInstant()), messageId).stream().findFirst();
    }

    /** The bus message of the first document the sender sent with this DocumentId. */
    public Optional<String> originalDocument(String documentId, String sender) {
        return jdbc.queryForList("SELECT message_id FROM edoc_message WHERE document_id = ? AND sender = ? "
                        + "AND kind = 'DOCUMENT' ORDER BY created_at, message_id FETCH FIRST 1 ROWS ONLY",
                String.class, documentId, sender).stream().findFirst();
    }

    /** Keeps the latest status a recipient reported for a document (older reports do not overwrite newer ones). */
    public void recordStatus(String documentMessageId, String recipient, String code, String description,
                             String statusMessageId, Instant reportedAt) {
        var at = reportedAt.atOffset(ZoneOffset.UTC);
        String cut = description == null || description.length() <= 1000 ? description : description.substring(0, 1000);
        int updated = jdbc.update("UPDATE edoc_status SET status_code = ?, description = ?, status_message_id = ?, "
                        + "reported_at = ? WHERE message_id = ? AND recipient = ? AND reported_at <= ?",
                code, cut, statusMessageId, at, documentMessageId, recipient, at);
        if (updated == 0) {
            try {
                jdbc.update("INSERT INTO edoc_status (message_id, recipient, status_code, description, status_message_id, "
                        + "reported_at) VALUES (?, ?, ?, ?, ?, ?)", documentMessageId, recipient, code, cut,
                        statusMessageId, at);
            } catch (DuplicateKeyException e) {
                // a newer status is already there
            }
        }
    }

    /** Each recipient's latest business status for the document. */
    public Map<String, BusinessStatus> statuses(String documentMessageId) {
        Map<String, BusinessStatus> statuses = new LinkedHashMap<>();
        jdbc.query("SELECT recipient, status_code, description, reported_at FROM edoc_status WHERE message_id = ? "
                        + "ORDER BY recipient", rs -> {
                    statuses.put(rs.getString(1), new BusinessStatus(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
                }, documentMessageId);
        return statuses;
    }

    /** Packages and status packets that refer to the document (revocations, updates, replacements, statuses). */
    public List<EdocRow> referring(String documentMessageId) {
        return jdbc.query("SELECT message_id, kind, sender, document_id, business_type, status_code, original_message_id, "
                        + "created_at FROM edoc_message WHERE original_message_id = ? ORDER BY created_at, message_id",
                (rs, i) -> new EdocRow(rs.getString(1), EdocPackage.Kind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), (Integer) rs.getObject(5), rs.getString(6), rs.getString(7),
                        rs.getObject(8, java.time.OffsetDateTime.class).toInstant()), documentMessageId);
    }

    /** What waits in a recipient's mailbox among e-Doc messages, oldest first. */
    public List<EdocMailbox.EdocEntry> received(String recipient, int limit) {
        return jdbc.query("SELECT m.id, m.msg_type, m.sender, e.document_id, m.subject, m.created_at, m.size_bytes "
                        + "FROM mailbox b JOIN message m ON m.id = b.message_id "
                        + "LEFT JOIN edoc_message e ON e.message_id = m.id "
                        + "WHERE b.recipient = ? AND b.acked_at IS NULL AND m.msg_type IN ('edoc', 'edoc-status') "
                        + "ORDER BY b.seq FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                (rs, i) -> new EdocMailbox.EdocEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant(), rs.getLong(7)),
                recipient);
    }

    /** The sender's e-Doc messages since a time, newest first. */
    public List<EdocMailbox.EdocEntry> sent(String sender, Instant since, int limit) {
        return jdbc.query("SELECT m.id, m.msg_type, m.sender, e.document_id, m.subject, m.created_at, m.size_bytes "
                        + "FROM message m LEFT JOIN edoc_message e ON e.message_id = m.id "
                        + "WHERE m.sender = ? AND m.msg_type IN ('edoc', 'edoc-status') AND m.created_at >= ? "
                        + "ORDER BY m.created_at DESC, m.id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                (rs, i) -> new EdocMailbox.EdocEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant(), rs.getLong(7)),
                sender, since.atOffset(ZoneOffset.UTC));
    }
}
