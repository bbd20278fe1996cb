package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackErrorsTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameTheFixOfEachErrorInOneLine() {
        assertThat(LocalStackErrors.portInUse(9092, "Kafka (--kafka-port)")).isEqualTo("port 9092 for Kafka"
                + " (--kafka-port) is in use: stop what listens there (ss -ltnp 'sport = :9092') or choose another port"
                + " with the option named");
        assertThat(LocalStackErrors.noPostgresBinaries()).isEqualTo("no PostgreSQL server binaries found (looked in"
                + " TRIBUTARY_PG_BIN, /usr/lib/postgresql/*/bin and PATH): install them (apt-get install postgresql) or"
                + " set TRIBUTARY_PG_URL to a database with wal_level=logical");
        assertThat(LocalStackErrors.unreachableDirectory(Path.of("/root/x/.tributary/dev"), Path.of("/tmp")))
                .isEqualTo("PostgreSQL runs as the postgres user, which can reach neither /root/x/.tributary/dev nor"
                        + " /tmp: run from a directory whose parents others may enter (chmod o+x), choose one with"
                        + " --data-dir, or set TRIBUTARY_PG_URL to a database with wal_level=logical");
        assertThat(LocalStackErrors.tooLittleMemory(900, 2324)).isEqualTo("only 900 MiB of memory is available and"
                + " the local stack needs about 2324 MiB: close other programs, or give each service a smaller heap"
                + " with --service-java-opts (e.g. '-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1')");
        assertThat(LocalStackErrors.brokerDidNotStart("127.0.0.1:9092", "Address already in use\n\tat sun.nio..."))
                .isEqualTo("Kafka did not come up on 127.0.0.1:9092 (Address already in use): ./tributary dev --fresh"
                        + " starts from empty Kafka data, --kafka-port chooses other ports, or set TRIBUTARY_KAFKA to a"
                        + " running broker");
        String initdb = "runuser -u postgres -- initdb failed with exit code 1: could not change directory to"
                + " \"/root/x\": Permission denied\nThe files belonging to this database system will be owned by user"
                + " \"postgres\".\nThis user must also own the server process.";
        assertThat(LocalStackErrors.postgresDidNotStart(initdb, Path.of("/tmp/pg/postgres.log"))).isEqualTo(
                "PostgreSQL did not start (runuser -u postgres -- initdb failed with exit code 1: could not change"
                        + " directory to \"/root/x\": Permission denied): see /tmp/pg/postgres.log; ./tributary dev"
                        + " --fresh starts from empty data, or set TRIBUTARY_PG_URL to a database with"
                        + " wal_level=logical");
        assertThat(LocalStackErrors.firstLine(null)).isEqualTo("no message");
        assertThat(LocalStackErrors.firstLine("  one\ntwo")).isEqualTo("one");
    }

    @Test
    void shouldReckonTheMemoryFromTheServicesHeaps() throws Exception {
        // 700 MiB for the broker, PostgreSQL and this JVM, and per service half its heap and 150 MiB.
        assertThat(LocalStackErrors.neededMib(ServiceProcess.DEFAULT_JAVA_OPTIONS, 4)).isEqualTo(700 + 4 * (256 + 150));
        assertThat(LocalStackErrors.neededMib("-Xmx1g -XX:+UseSerialGC", 4)).isEqualTo(700 + 4 * (512 + 150));
        assertThat(LocalStackErrors.neededMib("-XX:+UseSerialGC", 1)).isEqualTo(700 + 256 + 150);
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24683520 kB\nMemFree:        19730000 kB\n"
                + "MemAvailable:    2097152 kB\n");
        assertThat(LocalStackErrors.availableMib(meminfo)).isEqualTo(2048);
        assertThat(LocalStackErrors.availableMib(dir.resolve("none"))).isEqualTo(-1);
    }

    @Test
    void shouldKeepPostgresWhereThePostgresUserCanReachIt() throws Exception {
        Path open = dir.resolve("open").resolve("dev");
        Files.createDirectories(open);
        assertThat(LocalStackErrors.postgresDir(open, false, Path.of("/tmp"))).isEqualTo(open.resolve("postgres"));
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"));
        if (!root || !runuser) {
            return;
        }
        // As root the server runs as postgres: a data directory behind a private one moves to the temp directory,
        // under a name from a hash of the data directory's path, the same on every start.
        Path privateDir = dir.resolve("private");
        Files.createDirectories(privateDir.resolve("dev"));
        Files.setPosixFilePermissions(privateDir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path moved = LocalStackErrors.postgresDir(privateDir.resolve("dev"), true, Path.of("/tmp"));
        assertThat(moved).isEqualTo(Path.of("/tmp/tributary-dev-postgres-"
                + LocalStackErrors.hash(privateDir.resolve("dev").toAbsolutePath().toString())));
        assertThat(moved.getFileName().toString()).matches("tributary-dev-postgres-[0-9a-f]{16}");
        assertThat(LocalStackErrors.reachableByPostgres(Path.of("/tmp"))).isTrue();
        assertThat(LocalStackErrors.reachableByPostgres(privateDir.resolve("dev"))).isFalse();
        // A first start's data directory, not made yet, behind directories the postgres user may enter: it stays.
        Path later = dir.resolve("open").resolve("clone").resolve(".tributary").resolve("dev");
        assertThat(LocalStackErrors.postgresDir(later, true, Path.of("/tmp"))).isEqualTo(later.resolve("postgres"));
    }
}
