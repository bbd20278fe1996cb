package io.tributary.sync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * The sync-worker's database connections: one HikariCP pool per database it writes to (the mapping store, each
 * {@code jdbc} target), so that a sync borrows an open connection instead of opening one per record (a new
 * PostgreSQL connection forks a backend and authenticates: tens of milliseconds, far more on a busy machine).
 * A pool opens nothing until asked, never fails the start when the database is away, checks a connection before
 * lending it after a pause, and replaces the ones a database restart broke.
 */
public final class ConnectionPools {

    /** Connections per pool: the listener's consumers and its retry topics' sync at once. */
    static final int MAX_CONNECTIONS = 8;
    /** How long a sync waits for a connection before it fails, and is retried, as a database outage. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ConnectionPools() {
    }

    /**
     * A pool of connections to {@code url}.
     *
     * @param name the pool's name in logs and metrics: {@code mapping-store}, {@code target-crm}
     */
    public static HikariDataSource pool(String name, String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sync-" + name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(CONNECT_TIMEOUT.toMillis(), 3000));
        // Never fail (or wait) at construction: the worker starts, and its readiness says what is missing.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
