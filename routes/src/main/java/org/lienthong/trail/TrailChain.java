package org.lienthong.trail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * The hash chain of one node's trail events. Every event the node's {@link TrailWriter} inserts gets the next
 * {@code chain_seq} of the node, the previous event's hash ({@code prev_hash}, {@link #GENESIS} for the first) and
 * its own hash over the previous hash and every stored field of the event. Changing, deleting or inserting a row
 * breaks the chain at that row ({@link TrailVerifier}).
 *
 * <p>The hash is SHA-256 over length-prefixed fields, so no choice of field contents can make two different
 * events hash alike: {@code prev | node | chain_seq | message_id | recipient | event_at | event_type | detail},
 * each as {@code <length>:<UTF-8 text>} ({@code -1:} for null), the time as an ISO-8601 UTC instant at the
 * microsecond precision the database keeps.
 *
 * <p>Only the writer thread touches an instance: the tail moves only after the transaction that wrote it
 * committed.
 */
public final class TrailChain {

    /** The "previous hash" of a node's first event. */
    public static final String GENESIS = "0".repeat(64);

    private final String node;
    private boolean loaded;
    private long seq;
    private String head = GENESIS;

    public TrailChain(String node) {
        if (node == null || node.isBlank() || node.length() > 64) {
            throw new IllegalArgumentException("a node id of 1 to 64 characters is required (lienthong.node-id)");
        }
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** Reads the node's tail once (the writer calls this before its first write). */
    void load(Connection connection) throws SQLException {
        if (loaded) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT chain_seq, hash FROM trail_event WHERE node = ? ORDER BY chain_seq DESC FETCH FIRST 1 ROWS ONLY")) {
            select.setString(1, node);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1);
                    head = rs.getString(2);
                }
            }
        }
        loaded = true;
    }

    long seq() {
        return seq;
    }

    String head() {
        return head;
    }

    /** Moves the tail after a commit. */
    void advance(long newSeq, String newHead) {
        this.seq = newSeq;
        this.head = newHead;
    }

    /** The hash of an event, given the previous one. */
    public static String hash(String prev, String node, long chainSeq, String messageId, String recipient,
                              OffsetDateTime at, String type, String detail) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            field(sha, prev);
            field(sha, node);
            field(sha, Long.toString(chainSeq));
            field(sha, messageId);
            field(sha, recipient);
            field(sha, at == null ? null : at.toInstant().toString());
            field(sha, type);
            field(sha, detail);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update("-1:".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }
}
