package io.tributary.e2e.chaos;

import io.tributary.localinfra.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server of the chaos run ({@link LocalPostgres}: the local server binaries, {@code wal_level=logical},
 * a directory and port kept across restarts), which can be crashed, every process of it killed with SIGKILL as a host or container
 * crash would, and started again on the same data: PostgreSQL then recovers from its WAL. Not thread-safe.
 */
final class ChaosPostgres {

    private final LocalPostgres server;

    ChaosPostgres(Path baseDir, int port) {
        server = new LocalPostgres(baseDir, port);
    }

    void start() {
        server.start();
    }

    /**
     * Starts it again after {@link #kill}. PostgreSQL takes the {@code postmaster.pid} left behind as stale unless
     * its process id has been reused meanwhile; every process of the old server is gone, so the file is then
     * removed and the start tried again.
     */
    void restart() throws IOException {
        try {
            server.start();
        } catch (RuntimeException e) {
            Files.deleteIfExists(server.baseDir().resolve("data").resolve("postmaster.pid"));
            server.start();
        }
    }

    int port() {
        return server.port();
    }

    Path baseDir() {
        return server.baseDir();
    }

    String jdbcUrl() {
        // A dead server must not hang a statement for long; every client here reconnects.
        return server.jdbcUrl() + "?connectTimeout=5&socketTimeout=60&tcpKeepAlive=true";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }

    /** The postmaster's process id, from the data directory's {@code postmaster.pid}. */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(server.baseDir().resolve("data").resolve("postmaster.pid")).get(0)
                .trim());
    }

    /** SIGKILL to the postmaster and every process it started; returns when all are gone. */
    void kill() throws IOException, InterruptedException {
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid())
                .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL processes still alive 30 s after SIGKILL");
            }
            Thread.sleep(20);
        }
    }

    /** A fast shutdown when it runs; an immediate one when that does not work. */
    void stop() {
        server.stop();
        if (isRunning()) {
            try {
                kill();
            } catch (IOException | InterruptedException | IllegalStateException e) {
                // nothing more to do
            }
        }
    }

    private boolean isRunning() {
        try {
            return ProcessHandle.of(postmasterPid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
