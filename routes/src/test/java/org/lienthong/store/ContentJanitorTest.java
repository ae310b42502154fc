package org.lienthong.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Large payloads leave the content store once delivered everywhere, or once past retention; never before. */
class ContentJanitorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private JdbcTemplate jdbc;
    private ContentStore store;
    private ContentJanitor janitor;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:janitor-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        store = new ContentStore(dir.resolve("content"));
        janitor = new ContentJanitor(ds, store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), Duration.ofDays(30));
    }

    private String message(String id, Instant created, String... statuses) {
        String ref = store.put("T01", id, new byte[] {1, 2, 3});
        jdbc.update("INSERT INTO message (id, sender, msg_type, content_type, size_bytes, recipient_count, created_at, "
                + "content_ref) VALUES (?, 'T01', 'generic', 'application/pdf', 3, ?, ?, ?)", id, statuses.length,
                created.atOffset(ZoneOffset.UTC), ref);
        for (int i = 0; i < statuses.length; i++) {
            jdbc.update("INSERT INTO delivery (message_id, recipient, status, attempts, updated_at) VALUES (?, ?, ?, 1, ?)",
                    id, "R" + i, statuses[i], created.atOffset(ZoneOffset.UTC));
        }
        return ref;
    }

    @Test
    void deletesOnlyWhatNoDeliveryNeedsAnyMore() throws Exception {
        String delivered = message("delivered", NOW.minus(Duration.ofHours(2)), "DELIVERED", "DELIVERED");
        String recent = message("recent", NOW.minus(Duration.ofMinutes(10)), "DELIVERED");
        String pending = message("pending", NOW.minus(Duration.ofDays(2)), "DELIVERED", "QUEUED");
        String dead = message("dead", NOW.minus(Duration.ofDays(3)), "DEAD");
        String expired = message("expired", NOW.minus(Duration.ofDays(31)), "DEAD", "RETRYING");

        assertThat(janitor.sweep()).isEqualTo(2);

        assertThat(store.resolve(delivered)).doesNotExist();
        assertThat(store.resolve(expired)).doesNotExist();
        assertThat(store.resolve(recent)).exists();
        assertThat(store.resolve(pending)).exists();
        assertThat(store.resolve(dead)).exists();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message WHERE content_ref IS NULL", Integer.class)).isEqualTo(2);
        assertThat(janitor.sweep()).isZero();
    }

    @Test
    void removesStaleUploadsOnly() throws Exception {
        Path stale = store.stagingFile();
        Path fresh = store.stagingFile();
        Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofHours(1))));
        janitor.sweep();
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }
}
