package io.tributary.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class LocalPostgresIT {

    @Test
    void shouldStopAServerWhoseOwningJvmIsGone() throws Exception {
        Path parent = Files.createTempDirectory("testkit-orphans");
        // The postgres user must be able to reach the server's directory.
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalPostgres orphan = new LocalPostgres(parent.resolve("orphan-pg-1"), 0).start();
        // Pretend the JVM that started it was killed: its pid no longer runs.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(parent.resolve("orphan-pg-1/owner.pid"), Long.toString(gone.pid()));
        assertThat(LocalPostgres.isOrphan(parent.resolve("orphan-pg-1"))).isTrue();
        assertThat(accepts(orphan)).isTrue();

        assertThat(LocalPostgres.stopOrphans(parent, "orphan-pg-")).containsExactly(parent.resolve("orphan-pg-1"));

        assertThat(accepts(orphan)).isFalse();
        assertThat(parent.resolve("orphan-pg-1")).doesNotExist();
        Files.delete(parent);
    }

    @Test
    void shouldKeepDataWhenRestartedOnTheSameDirectory() throws Exception {
        Path dir = Files.createTempDirectory("testkit-persistent");
        LocalPostgres first = new LocalPostgres(dir, 0).start();
        try (var connection = DriverManager.getConnection(first.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            connection.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        first.stop();
        LocalPostgres second = new LocalPostgres(dir, 0).start();
        try (var connection = DriverManager.getConnection(second.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            ResultSet rs = connection.createStatement().executeQuery("SELECT v FROM kept");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        } finally {
            second.stopAndDelete();
        }
    }

    @Test
    void shouldNotTakeALiveOwnersServerForAnOrphan() throws Exception {
        Path dir = Files.createTempDirectory("testkit-live");
        Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        assertThat(LocalPostgres.isOrphan(dir)).isFalse();
        Files.delete(dir.resolve("owner.pid"));
        Files.delete(dir);
    }

    private static boolean accepts(LocalPostgres server) {
        try (var connection = DriverManager.getConnection(server.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            return connection.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }
}
