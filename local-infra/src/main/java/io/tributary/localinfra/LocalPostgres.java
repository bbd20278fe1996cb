package io.tributary.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the local server binaries with {@code wal_level=logical}, in a private directory on
 * a loopback port. As root, {@code initdb}, {@code pg_ctl} and {@code postgres} run through
 * {@code runuser -u postgres}, since PostgreSQL refuses to run as root. A directory that already holds a cluster is
 * reused, so a persistent server (the local dev stack) keeps its data across runs.
 *
 * <p>The server runs detached from the JVM: call {@link #stop()} (the test kit does so from a shutdown hook), and
 * {@link #stopOrphans} stops servers whose owning JVM died without doing so. Not thread-safe: one owner starts and
 * stops it. Used by {@code ./tributary dev} (a persistent directory on a fixed port) and by the test kit (a temporary
 * directory on a free port).
 */
public final class LocalPostgres {

    /** The superuser the cluster is created with; its password is the same word. */
    public static final String USER = "tributary";
    public static final String PASSWORD = "tributary";
    public static final String DATABASE = "tributary";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final String OWNER_FILE = "owner.pid";

    private final Path baseDir;
    private final Path binDir;
    private final int port;
    private boolean running;

    /**
     * @param baseDir the private directory: the cluster goes to {@code baseDir/data}, the socket and the log beside
     * @param port    the loopback port, or 0 for a free one
     */
    public LocalPostgres(Path baseDir, int port) {
        this.baseDir = baseDir.toAbsolutePath();
        this.binDir = findBinaries();
        this.port = port == 0 ? LocalMachine.freePort() : port;
    }

    /** Creates the cluster when the directory holds none, starts the server and creates the database. */
    public LocalPostgres start() {
        try {
            Files.createDirectories(baseDir);
            Files.writeString(baseDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", baseDir.toString()), false);
            }
            Path data = baseDir.resolve("data");
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                initdb(data);
            }
            run(List.of(bin("pg_ctl"), "-D", data.toString(), "-l", baseDir.resolve("postgres.log").toString(),
                    "-w", "-t", "60", "-o", serverOptions(), "start"), true);
            running = true;
            createDatabaseIfMissing();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown); does nothing when it is not running. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(List.of(bin("pg_ctl"), "-D", baseDir.resolve("data").toString(), "-m", "fast", "-w", "stop"), true);
        } catch (IOException e) {
            LOG.warn("could not stop PostgreSQL in {}: {}", baseDir, e.getMessage());
        }
    }

    /** Stops the server and deletes its directory. */
    public void stopAndDelete() {
        stop();
        deleteRecursively(baseDir);
    }

    public int port() {
        return port;
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path binDir() {
        return binDir;
    }

    /** The JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Stops servers left by JVMs that died without stopping them: directories named {@code prefix*} under
     * {@code parent} whose {@code owner.pid} names a process that no longer runs. Returns the directories cleaned.
     */
    public static List<Path> stopOrphans(Path parent, String prefix) {
        List<Path> cleaned = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).toList()) {
                if (isOrphan(dir)) {
                    stopOrphan(dir);
                    cleaned.add(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not look for orphaned PostgreSQL servers in {}: {}", parent, e.getMessage());
        }
        return cleaned;
    }

    /**
     * Stops a server left running in {@code baseDir} by an owner that died (its {@code owner.pid} names no live
     * process), keeping its data; returns whether one was stopped. For a persistent directory about to be reused.
     */
    public static boolean stopStale(Path baseDir) {
        Path data = baseDir.resolve("data");
        if (!Files.exists(data.resolve("postmaster.pid")) || !isOrphan(baseDir)) {
            return false;
        }
        try {
            LocalPostgres binaries = new LocalPostgres(baseDir, 1);
            binaries.run(List.of(binaries.bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
            return true;
        } catch (IOException | IllegalStateException e) {
            LOG.warn("could not stop the PostgreSQL left running in {}: {}", baseDir, e.getMessage());
            return false;
        }
    }

    /** Whether the directory's owning JVM is gone (or it never recorded one). */
    public static boolean isOrphan(Path dir) {
        try {
            long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
            return owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return Files.isDirectory(dir);
        }
    }

    private static void stopOrphan(Path dir) {
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                LocalPostgres binaries = new LocalPostgres(dir, 1);
                binaries.run(List.of(binaries.bin("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        true);
            } catch (IOException | IllegalStateException e) {
                LOG.warn("could not stop orphaned PostgreSQL in {}: {}", dir, e.getMessage());
            }
        }
        deleteRecursively(dir);
        LOG.info("stopped and removed an orphaned test PostgreSQL in {}", dir);
    }

    private void initdb(Path data) throws IOException {
        Path passwordFile = baseDir.resolve("pwfile");
        Files.writeString(passwordFile, PASSWORD + "\n");
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", passwordFile.toString()), false);
        }
        run(List.of(bin("initdb"), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"), true);
        Files.deleteIfExists(passwordFile);
    }

    /**
     * Logical replication settings, and no fsync (a local or test server trades durability on a machine crash for
     * speed). {@code synchronous_commit} stays on: with it off, a commit returns before its WAL is written, and the
     * WAL sender streams a change only once the WAL writer wrote it ({@code wal_writer_delay}, 200 ms), which
     * would add up to that much to every captured change.
     */
    private String serverOptions() {
        return String.join(" ", "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-k", baseDir.toString(), "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                "-c", "max_wal_senders=20", "-c", "max_connections=200", "-c", "fsync=off",
                "-c", "full_page_writes=off");
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started on port " + port + " but could not create database "
                    + DATABASE + ": " + e.getMessage() + " (log: " + baseDir.resolve("postgres.log") + ")", e);
        }
    }

    private void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres && isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + full.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed with exit code " + process.exitValue() + ": "
                    + output.strip());
        }
    }

    private String bin(String name) {
        return binDir.resolve(name).toString();
    }

    /** The directory of the server binaries: {@code TRIBUTARY_PG_BIN}, the newest /usr/lib/postgresql, or PATH. */
    static Path findBinaries() {
        String configured = System.getenv("TRIBUTARY_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (Files.isExecutable(dir.resolve("initdb"))) {
                return dir;
            }
            throw new IllegalStateException("TRIBUTARY_PG_BIN=" + configured + " holds no initdb");
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparingInt(LocalPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir);
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries found (looked in TRIBUTARY_PG_BIN,"
                + " /usr/lib/postgresql/*/bin and PATH): install them (apt-get install postgresql) or point"
                + " TRIBUTARY_TEST_PG_URL at a database with wal_level=logical");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A new private directory for a throw-away server, readable by the postgres user. */
    public static Path newTempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            LocalMachine.deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
