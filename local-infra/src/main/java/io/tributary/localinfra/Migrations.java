package io.tributary.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Tributary's tables in the source database ({@code tributary_outbox}, {@code tributary_subscription}), from the
 * migrations on the class path: capture-service's {@code db/*.sql}, which this module's jar carries. Each may run
 * again on a database that has them.
 */
public final class Migrations {

    /** The class-path resources, in the order they run. */
    public static final List<String> RESOURCES = List.of("/db/tributary_outbox.sql", "/db/tributary_subscription.sql");

    private Migrations() {
    }

    /** Runs every migration on the connection's database. */
    public static void apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String resource : RESOURCES) {
                statement.execute(read(resource));
            }
        }
    }

    /** A migration's text. */
    static String read(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no migration " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the migration " + resource, e);
        }
    }
}
