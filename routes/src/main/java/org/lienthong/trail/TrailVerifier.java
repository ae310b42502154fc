package org.lienthong.trail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the trail's hash chains ({@link TrailChain}) and anchors them. For every node: chain positions run
 * 1, 2, 3… without a gap (a deleted row leaves one), each row's {@code prev_hash} is the hash of the row before,
 * and each row's hash is what its fields give (an edited row no longer matches). A trail event outside every chain
 * is reported too (a row inserted by hand), except rows written before the chain existed (schema v4), which are
 * counted as {@code unchained}.
 *
 * <p>Anchors: {@link #anchor()} records the node's current head in {@code trail_anchor} and in the log; the log
 * line is the witness outside the database. Verification checks every anchor still matches its row, so deleting
 * the newest rows (which leaves a shorter chain that is consistent in itself) is found up to the last anchor.
 */
public final class TrailVerifier {

    private static final Logger log = LoggerFactory.getLogger(TrailVerifier.class);

    /** Where the chain is first broken. */
    public record Break(String node, long chainSeq, Long seq, String messageId, String reason) {
    }

    /** A node's chain as verified: how many records, its head. */
    public record NodeChain(String node, long records, String head) {
    }

    /**
     * @param valid       whether every chain and anchor holds
     * @param records     chained records checked
     * @param unchained   records written before the chain existed
     * @param firstBroken the first break found, or null
     * @param nodes       each node's chain
     */
    public record Verdict(boolean valid, long records, long unchained, Break firstBroken, List<NodeChain> nodes) {
    }

    private final DataSource dataSource;
    private final String node;
    private final Clock clock;

    public TrailVerifier(DataSource dataSource, String node, Clock clock) {
        this.dataSource = dataSource;
        this.node = node;
        this.clock = clock;
    }

    public Verdict verify() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            Walk walk = new Walk();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, node, chain_seq, prev_hash, hash, message_id, recipient, event_at, event_type, detail "
                            + "FROM trail_event WHERE node IS NOT NULL ORDER BY node, chain_seq")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        walk.row(rs);
                    }
                }
            }
            walk.endNode();
            long unchained = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, message_id FROM trail_event WHERE node IS NULL ORDER BY seq")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        if (walk.firstChainedSeq != null && seq > walk.firstChainedSeq) {
                            walk.broken(new Break(null, 0, seq, rs.getString(2),
                                    "a record outside every chain, written after the chain began (inserted by hand?)"));
                        } else {
                            unchained++;
                        }
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT a.node, a.chain_seq, a.hash, e.hash FROM trail_anchor a LEFT JOIN trail_event e "
                            + "ON e.node = a.node AND e.chain_seq = a.chain_seq ORDER BY a.node, a.chain_seq")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String anchored = rs.getString(3);
                        String actual = rs.getString(4);
                        if (actual == null) {
                            walk.broken(new Break(rs.getString(1), rs.getLong(2), null, null,
                                    "the anchored record is missing: records were deleted up to at least this position"));
                        } else if (!anchored.equals(actual)) {
                            walk.broken(new Break(rs.getString(1), rs.getLong(2), null, null,
                                    "the anchored record's hash differs from the anchor"));
                        }
                    }
                }
            }
            return new Verdict(walk.first == null, walk.records, unchained, walk.first, walk.nodes);
        } catch (SQLException e) {
            throw new IllegalStateException("The trail could not be read for verification", e);
        }
    }

    /**
     * Records this node's current head as an anchor (nothing when the node has written nothing or the head is
     * anchored already) and logs it.
     */
    public Optional<NodeChain> anchor() {
        try (Connection connection = dataSource.getConnection()) {
            long seq;
            String hash;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT chain_seq, hash FROM trail_event WHERE node = ? ORDER BY chain_seq DESC FETCH FIRST 1 ROWS ONLY")) {
                select.setString(1, node);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    seq = rs.getLong(1);
                    hash = rs.getString(2);
                }
            }
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM trail_anchor WHERE node = ? AND chain_seq = ?")) {
                exists.setString(1, node);
                exists.setLong(2, seq);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO trail_anchor (node, chain_seq, hash, anchored_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, node);
                insert.setLong(2, seq);
                insert.setString(3, hash);
                insert.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            log.info("Trail anchor: node {} record {} hash {}", node, seq, hash);
            return Optional.of(new NodeChain(node, seq, hash));
        } catch (SQLException e) {
            throw new IllegalStateException("The trail could not be anchored", e);
        }
    }

    /** The walk over every chained row, node by node. */
    private static final class Walk {
        private final List<NodeChain> nodes = new ArrayList<>();
        private Break first;
        private long records;
        private Long firstChainedSeq;
        private String node;
        private long expected;
        private String prev;
        private long nodeRecords;

        void row(ResultSet rs) throws SQLException {
            long seq = rs.getLong(1);
            String rowNode = rs.getString(2);
            if (!rowNode.equals(node)) {
                endNode();
                node = rowNode;
                expected = 1;
                prev = TrailChain.GENESIS;
                nodeRecords = 0;
            }
            records++;
            nodeRecords++;
            firstChainedSeq = firstChainedSeq == null ? seq : Math.min(firstChainedSeq, seq);
            long chainSeq = rs.getLong(3);
            String prevHash = rs.getString(4);
            String hash = rs.getString(5);
            String messageId = rs.getString(6);
            if (chainSeq != expected) {
                broken(new Break(node, chainSeq, seq, messageId, chainSeq > expected
                        ? "records " + expected + (chainSeq - 1 > expected ? " to " + (chainSeq - 1) : "")
                        + " of the chain are missing (deleted)" : "a chain position is used twice"));
            } else if (!prev.equals(prevHash)) {
                broken(new Break(node, chainSeq, seq, messageId, "the record does not link to the one before it"));
            } else if (!TrailChain.hash(prevHash, node, chainSeq, messageId, rs.getString(7),
                    rs.getObject(8, OffsetDateTime.class), rs.getString(9), rs.getString(10)).equals(hash)) {
                broken(new Break(node, chainSeq, seq, messageId, "the record was changed after it was written"));
            }
            expected = chainSeq + 1;
            prev = hash;
        }

        void endNode() {
            if (node != null) {
                nodes.add(new NodeChain(node, nodeRecords, prev));
                node = null;
            }
        }

        void broken(Break at) {
            if (first == null) {
                first = at;
            }
        }
    }

    /** For the API: the verdict as the documented JSON object. */
    public static Map<String, Object> json(Verdict verdict) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", verdict.valid());
        body.put("records", verdict.records());
        body.put("unchained", verdict.unchained());
        body.put("firstBroken", verdict.firstBroken());
        body.put("nodes", verdict.nodes());
        return body;
    }
}
