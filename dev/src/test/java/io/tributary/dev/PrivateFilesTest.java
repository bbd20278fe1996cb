package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's secrets are readable by their owner only: keys.env, endpoints.env and demo-secret. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void shouldWriteKeysEndpointsAndTheDemoSecretWithMode600() throws Exception {
        var keys = StackSecrets.keys(dir.resolve("keys.env"));
        Path endpoints = dir.resolve("endpoints.env");
        PrivateFiles.write(endpoints, new Endpoints("127.0.0.1:9092", "127.0.0.1", 15432, "tributary", "tributary",
                "secret", "http://127.0.0.1:8081", "http://127.0.0.1:8082", keys.get("TRIBUTARY_ADMIN_KEY"),
                keys.get("TRIBUTARY_INGEST_KEY")).render());
        String secret = StackSecrets.demoSecret(dir.resolve("demo-secret"));

        assertThat(mode(dir.resolve("keys.env"))).isEqualTo("rw-------");
        assertThat(mode(endpoints)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("demo-secret"))).isEqualTo("rw-------");
        assertThat(secret).startsWith("whsec_").hasSize(38);
        assertThat(Endpoints.read(endpoints)).containsEntry("TRIBUTARY_ADMIN_KEY", keys.get("TRIBUTARY_ADMIN_KEY"));
        assertThat(StackSecrets.keys(dir.resolve("keys.env"))).as("kept across starts").isEqualTo(keys);
        assertThat(StackSecrets.demoSecret(dir.resolve("demo-secret"))).as("kept across starts").isEqualTo(secret);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temporary file left").containsExactlyInAnyOrder("keys.env", "endpoints.env", "demo-secret");
        }
    }

    @Test
    void shouldReplaceAFileReadableByAllWithOneOnlyItsOwnerReads() throws Exception {
        Path endpoints = dir.resolve("endpoints.env");
        Files.writeString(endpoints, "old", java.nio.charset.StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(endpoints, PosixFilePermissions.fromString("rw-r--r--"));
        Path secret = dir.resolve("demo-secret");
        Files.writeString(secret, "whsec_old\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.write(endpoints, "new");

        assertThat(Files.readString(endpoints)).isEqualTo("new");
        assertThat(mode(endpoints)).isEqualTo("rw-------");
        assertThat(StackSecrets.demoSecret(secret)).isEqualTo("whsec_old");
        assertThat(mode(secret)).isEqualTo("rw-------");
    }
}
