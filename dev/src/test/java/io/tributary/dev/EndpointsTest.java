package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

    @TempDir
    Path dir;

    private final Endpoints endpoints = new Endpoints("127.0.0.1:9092", "127.0.0.1", 15432, "tributary", "tributary",
            "it's", "http://127.0.0.1:8081", "http://127.0.0.1:8082", "trb_admin", "trb_ingest");

    @Test
    void shouldWriteShellSourceableLinesAndReadThemBack() throws Exception {
        String text = endpoints.render();
        assertThat(text.lines().filter(l -> !l.startsWith("#")).map(l -> l.substring(0, l.indexOf('='))))
                .containsExactly("TRIBUTARY_KAFKA", "TRIBUTARY_PG_URL", "TRIBUTARY_PG_DSN", "TRIBUTARY_ADMIN_URL",
                        "TRIBUTARY_ADMIN_KEY", "TRIBUTARY_INGEST_URL", "TRIBUTARY_INGEST_KEY", "TRIBUTARY_CAPTURE_URL");
        assertThat(text).contains("TRIBUTARY_PG_DSN='postgresql://tributary:it'\\''s@127.0.0.1:15432/tributary'");
        Path file = dir.resolve("endpoints.env");
        Files.writeString(file, text);
        Map<String, String> read = Endpoints.read(file);
        assertThat(read).containsEntry("TRIBUTARY_PG_URL",
                "jdbc:postgresql://127.0.0.1:15432/tributary?user=tributary&password=it's")
                .containsEntry("TRIBUTARY_ADMIN_KEY", "trb_admin").hasSize(8);
        assertThat(Endpoints.read(dir.resolve("none.env"))).isEmpty();
        assertThat(endpoints.describe()).contains("  TRIBUTARY_KAFKA        127.0.0.1:9092");
    }

    @Test
    void shouldNameTheDemoReceiverOnlyWithTheDemo() throws Exception {
        Endpoints withDemo = new Endpoints("127.0.0.1:9092", "127.0.0.1", 15432, "tributary", "tributary", "pw",
                "http://127.0.0.1:8081", "http://127.0.0.1:8082", "trb_admin", "trb_ingest", "http://127.0.0.1:8090");
        Path file = dir.resolve("demo.env");
        Files.writeString(file, withDemo.render());
        assertThat(Endpoints.read(file)).containsEntry("TRIBUTARY_DEMO_RECEIVER_URL", "http://127.0.0.1:8090")
                .hasSize(9);
        assertThat(withDemo.render()).endsWith("TRIBUTARY_DEMO_RECEIVER_URL='http://127.0.0.1:8090'\n");
        assertThat(endpoints.values()).doesNotContainKey("TRIBUTARY_DEMO_RECEIVER_URL");
        assertThat(withDemo.describe()).contains("  TRIBUTARY_KAFKA             127.0.0.1:9092\n",
                "  TRIBUTARY_DEMO_RECEIVER_URL http://127.0.0.1:8090\n");
    }

    @Test
    void shouldNameTheConsole() throws Exception {
        Endpoints stack = new Endpoints("127.0.0.1:9092", "127.0.0.1", 15432, "tributary", "tributary", "pw",
                "http://127.0.0.1:8081", "http://127.0.0.1:8082", "trb_admin", "trb_ingest", "http://127.0.0.1:8090",
                "http://127.0.0.1:8085/console");
        Path file = dir.resolve("console.env");
        Files.writeString(file, stack.render());
        assertThat(Endpoints.read(file)).containsEntry("TRIBUTARY_CONSOLE_URL", "http://127.0.0.1:8085/console")
                .hasSize(10);
        assertThat(stack.describe()).contains("  TRIBUTARY_CONSOLE_URL       http://127.0.0.1:8085/console\n");
        assertThat(endpoints.values()).doesNotContainKey("TRIBUTARY_CONSOLE_URL");
    }

    @Test
    void shouldReadAJdbcUrlWithItsCredentials() {
        StackPlan.Database db = StackPlan.Database.fromJdbcUrl(
                "jdbc:postgresql://db.internal:6543/shop?user=cdc&password=p%40ss&sslmode=require");
        assertThat(db).isEqualTo(new StackPlan.Database("db.internal", 6543, "shop", "cdc", "p@ss"));
        assertThat(StackPlan.Database.fromJdbcUrl("jdbc:postgresql://localhost/shop").port()).isEqualTo(5432);
        assertThatThrownBy(() -> StackPlan.Database.fromJdbcUrl("postgres://x"))
                .hasMessageContaining("TRIBUTARY_PG_URL must look like");
    }

    @Test
    void shouldMakeKeysOnceAndKeepThemPrivate() throws Exception {
        Path file = dir.resolve("keys.env");
        Map<String, String> first = StackSecrets.keys(file);
        assertThat(first.get("TRIBUTARY_ADMIN_KEY")).startsWith("trb_dev_admin_").hasSizeGreaterThan(20);
        assertThat(StackSecrets.keys(file)).isEqualTo(first);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
