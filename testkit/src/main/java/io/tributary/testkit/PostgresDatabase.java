package io.tributary.testkit;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL database a test runs against ({@code wal_level=logical}), whichever provider started it.
 * Thread-safe.
 */
public final class PostgresDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String providerDescription;

    PostgresDatabase(String jdbcUrl, String user, String password, String providerDescription) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.providerDescription = providerDescription;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String host() {
        return uri().getHost();
    }

    public int port() {
        int port = uri().getPort();
        return port == -1 ? 5432 : port;
    }

    public String databaseName() {
        String path = uri().getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    public String providerDescription() {
        return providerDescription;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Runs one SQL statement (or several separated by semicolons) with auto-commit. */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** Creates a fresh database with a unique name on the same server and returns it. */
    public PostgresDatabase createDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
                .toLowerCase().replaceAll("[^a-z0-9_]", "_");
        execute("CREATE DATABASE " + name);
        String url = "jdbc:postgresql://" + host() + ":" + port() + "/" + name;
        return new PostgresDatabase(url, user, password, providerDescription);
    }

    private URI uri() {
        String url = jdbcUrl.substring("jdbc:".length());
        int query = url.indexOf('?');
        return URI.create(query < 0 ? url : url.substring(0, query));
    }

    @Override
    public String toString() {
        return providerDescription;
    }
}
