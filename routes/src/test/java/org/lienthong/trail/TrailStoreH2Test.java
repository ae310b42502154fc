package org.lienthong.trail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** The trail store on H2 in file mode, with the settings the node runs with (application.yml). */
class TrailStoreH2Test extends TrailStoreContract {

    private Path directory;

    @Override
    protected DataSource startDatabase() throws Exception {
        directory = Files.createTempDirectory("lienthong-trail-h2");
        JdbcDataSource h2 = new JdbcDataSource();
        // DB_CLOSE_DELAY keeps the database open between the writer's short-lived connections (no pool here)
        h2.setURL("jdbc:h2:file:" + directory.resolve("lienthong")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1");
        h2.setUser("lienthong");
        h2.setPassword("");
        return h2;
    }

    @Override
    protected void stopDatabase(DataSource database) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
