package org.lienthong.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Frees the content store: a large payload is deleted once every delivery of its message is DELIVERED
 * (after a grace period), or, whatever the states, once it is older than the retention (dead letters can no
 * longer be replayed after that). Staging files left by an interrupted upload are removed after a day.
 */
public final class ContentJanitor {

    private static final Logger log = LoggerFactory.getLogger(ContentJanitor.class);
    private static final int BATCH = 500;

    private record Held(String id, String ref) {
    }

    private final JdbcTemplate jdbc;
    private final ContentStore store;
    private final Clock clock;
    private final Duration grace;
    private final Duration retention;

    public ContentJanitor(DataSource dataSource, ContentStore store, Clock clock, Duration grace, Duration retention) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.store = store;
        this.clock = clock;
        this.grace = grace;
        this.retention = retention;
    }

    /** One sweep; returns how many payloads were deleted. */
    public int sweep() {
        Instant now = clock.instant();
        int deleted = 0;
        deleted += purge(jdbc.query("SELECT m.id, m.content_ref FROM message m WHERE m.content_ref IS NOT NULL "
                        + "AND m.created_at < ? AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.message_id = m.id "
                        + "AND d.status <> 'DELIVERED') FETCH FIRST " + BATCH + " ROWS ONLY",
                (rs, i) -> new Held(rs.getString(1), rs.getString(2)), now.minus(grace).atOffset(ZoneOffset.UTC)));
        deleted += purge(jdbc.query("SELECT m.id, m.content_ref FROM message m WHERE m.content_ref IS NOT NULL "
                        + "AND m.created_at < ? FETCH FIRST " + BATCH + " ROWS ONLY",
                (rs, i) -> new Held(rs.getString(1), rs.getString(2)), now.minus(retention).atOffset(ZoneOffset.UTC)));
        int staged = store.removeStaleStaging(now.minus(Duration.ofDays(1)));
        if (deleted > 0 || staged > 0) {
            log.info("Content store: {} payloads and {} stale uploads removed", deleted, staged);
        }
        return deleted;
    }

    private int purge(List<Held> held) {
        for (Held h : held) {
            store.delete(h.ref());
            jdbc.update("UPDATE message SET content_ref = NULL WHERE id = ?", h.id());
        }
        return held.size();
    }
}
