package org.lienthong.trail;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The trail store on a real PostgreSQL server (embedded binaries from Maven Central; no Docker needed). */
class TrailStorePostgresTest extends TrailStoreContract {

    private EmbeddedPostgres postgres;

    @Override
    protected DataSource startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        return postgres.getPostgresDatabase();
    }

    @Override
    protected void stopDatabase(DataSource database) throws Exception {
        postgres.close();
    }
}
