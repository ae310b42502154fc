package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema v5, on H2 only: identity values come from a cache of 1,000.
 *
 * <p>H2 commits a system transaction, which writes its whole store, every time an identity sequence runs out of
 * cached values: with its default cache of 32, one extra store for every 32 trail events, a quarter of the trail
 * writer's time under load. H2 keeps one cache per database, so {@code seq} still follows the order of inserts;
 * a restart only leaves a gap. PostgreSQL keeps a cache per connection, which would put the events of one
 * message out of {@code seq} order, and its sequences cost no extra commit: it is left as it is.
 */
public class V5__identity_cache extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if (!"H2".equalsIgnoreCase(product)) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE trail_event ALTER COLUMN seq SET CACHE 1000");
            statement.execute("ALTER TABLE mailbox ALTER COLUMN seq SET CACHE 1000");
        }
    }
}
