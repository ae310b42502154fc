package org.lienthong.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The monthly dossier statistics, on H2 and on PostgreSQL (the same SQL runs on both). */
class DossierStatsTest {

    private static EmbeddedPostgres postgres;
    private static DataSource h2;

    @BeforeAll
    static void startDatabases() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:dossier-stats;DB_CLOSE_DELAY=-1");
        h2 = memory;
        for (DataSource ds : List.of(h2, postgres.getPostgresDatabase())) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static List<DataSource> databases() {
        return List.of(h2, postgres.getPostgresDatabase());
    }

    private static Instant vn(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void countsReceivedOnTimeLatePendingAndOverduePerAgencyAndProcedure(DataSource db) {
        DossierRepository repository = new DossierRepository(db);
        new org.springframework.jdbc.core.JdbcTemplate(db).update("DELETE FROM dossier");
        Instant now = vn("2026-11-23T10:00:00");
        // the two sample dossiers: on time, and resolved late
        repository.save(new DossierRepository.DossierState("H41.15", "H41.15-261101-0007", "1.009994", "Cấp giấy phép xây dựng",
                vn("2026-11-01T08:00:00"), vn("2026-11-15T17:00:00"), vn("2026-11-14T10:00:00"), "4"), now);
        repository.save(new DossierRepository.DossierState("H41.15", "H41.15-261102-0011", "1.009994", "Cấp giấy phép xây dựng",
                vn("2026-11-02T08:30:00"), vn("2026-11-16T17:00:00"), vn("2026-11-19T09:00:00"), "4"), now);
        // pending, not yet due; pending and overdue; received in October, resolved in November
        repository.save(new DossierRepository.DossierState("H41.15", "P1", "1.009994", null,
                vn("2026-11-20T08:00:00"), vn("2026-12-05T17:00:00"), null, "2"), now);
        repository.save(new DossierRepository.DossierState("H41.15", "P2", "2.000001", "Đăng ký kinh doanh",
                vn("2026-11-03T08:00:00"), vn("2026-11-10T17:00:00"), null, "2"), now);
        repository.save(new DossierRepository.DossierState("H41.15", "OCT", "2.000001", "Đăng ký kinh doanh",
                vn("2026-10-28T08:00:00"), vn("2026-11-04T17:00:00"), vn("2026-11-02T09:00:00"), "4"), now);
        // another agency, and a re-report of the first dossier (the latest state wins, counted once)
        repository.save(new DossierRepository.DossierState("000.00.00.H41", "X1", "1.009994", null,
                vn("2026-11-05T08:00:00"), null, null, "1"), now);
        repository.save(new DossierRepository.DossierState("H41.15", "H41.15-261101-0007", "1.009994", "Cấp giấy phép xây dựng",
                vn("2026-11-01T08:00:00"), vn("2026-11-15T17:00:00"), vn("2026-11-14T10:00:00"), "4"), now);

        Instant start = vn("2026-11-01T00:00:00");
        Instant end = vn("2026-12-01T00:00:00");
        List<DossierRepository.StatsRow> rows = repository.stats(start, end, now, null);
        assertThat(rows).containsExactly(
                new DossierRepository.StatsRow("000.00.00.H41", "1.009994", null, 1, 0, 0, 1, 0),
                new DossierRepository.StatsRow("H41.15", "1.009994", "Cấp giấy phép xây dựng", 3, 1, 1, 1, 0),
                new DossierRepository.StatsRow("H41.15", "2.000001", "Đăng ký kinh doanh", 1, 1, 0, 1, 1));
        assertThat(repository.stats(start, end, now, "000.00.00.H41")).hasSize(1);

        // October: one received, pending at the end of October, not yet overdue then
        List<DossierRepository.StatsRow> october = repository.stats(vn("2026-10-01T00:00:00"), start, start, null);
        assertThat(october).containsExactly(new DossierRepository.StatsRow("H41.15", "2.000001", "Đăng ký kinh doanh", 1, 0, 0, 1, 0));
    }
}
