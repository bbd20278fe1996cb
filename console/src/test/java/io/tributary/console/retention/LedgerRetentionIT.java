package io.tributary.console.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The ledger's retention on a real PostgreSQL with the console's own migrations: rows are written with times in
 * the past (aged), then a sweep as of "now" and the expunges are checked row by row.
 */
@ExtendWith(PostgresExtension.class)
class LedgerRetentionIT {

    static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    static JdbcTemplate jdbc;

    @BeforeAll
    static void migrate() {
        PostgresDatabase db = PostgresExtension.database().createDatabase("console_retention");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("tributary_console")
                .defaultSchema("tributary_console").createSchemas(true).load().migrate();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(db.jdbcUrl(), db.user(), db.password(), true));
    }

    @BeforeEach
    void empty() {
        jdbc.execute("TRUNCATE tributary_console.events, tributary_console.deliveries, tributary_console.attempts,"
                + " tributary_console.dead_letters");
    }

    /** An event of {@code tenant} about {@code recordId}, {@code age} old, with a delivery, an attempt and a dead letter. */
    static void record(String id, String tenant, String recordId, Duration age) {
        Timestamp at = Timestamp.from(NOW.minus(age));
        jdbc.update("INSERT INTO tributary_console.events (event_id, tenant, type, source, table_name, record_id,"
                + " operation, at, data, subject, attributes) VALUES (?, ?, 'orders.insert', '/postgres/shop', 'orders',"
                + " ?, 'INSERT', ?, '{\"new\": {\"email\": \"a@example.com\"}}', '{\"email\": \"a@example.com\"}',"
                + " '{\"customeremail\": \"a@example.com\"}')", id, tenant, recordId, at);
        jdbc.update("INSERT INTO tributary_console.deliveries (delivery_id, event_id, subscription_id, tenant,"
                + " handler_type, event_type, record_id, at) VALUES (?, ?, 'sub_1', ?, 'WEBHOOK', 'orders.insert', ?,"
                + " ?)", id + ":sub_1", id, tenant, recordId, at);
        jdbc.update("INSERT INTO tributary_console.attempts (delivery_id, attempt, at, subscription_id, event_id,"
                + " outcome, http_status, latency_ms, response_body, tenant, record_id, request) VALUES (?, 1, ?, 'sub_1',"
                + " ?, 'DEAD_LETTER', 410, 12, 'gone: a@example.com', ?, ?, '{\"headers\": [{\"name\": \"webhook-id\", \"value\": \"" + id
                + ":sub_1\"}], \"body\": \"{\\\"email\\\": \\\"a@example.com\\\"}\"}')", id + ":sub_1", at,
                id, tenant, recordId);
        jdbc.update("INSERT INTO tributary_console.dead_letters (topic, kafka_partition, kafka_offset, at, reason,"
                + " tenant, event_id, delivery_id, value_bytes) VALUES ('tributary.handler.webhook-dlt', 0,"
                + " (SELECT count(*) FROM tributary_console.dead_letters), ?, 'HTTP 410', ?, ?, ?, 100)", at, tenant,
                id, id + ":sub_1");
    }

    static List<String> eventIds() {
        return jdbc.queryForList("SELECT event_id FROM tributary_console.events ORDER BY event_id", String.class);
    }

    static long count(String table, String where) {
        return jdbc.queryForObject("SELECT count(*) FROM tributary_console." + table + " WHERE " + where, Long.class);
    }

    static RetentionProperties properties(Map<String, Duration> tenantPayloads) {
        return new RetentionProperties(Duration.ofDays(30), Duration.ofDays(7), tenantPayloads, Duration.ofHours(1),
                100);
    }

    @Test
    void shouldDeleteWhatIsOlderThanTheHistoryAndClearPayloadsOlderThanTheirTenantsRetention() {
        record("old", "acme", "1", Duration.ofDays(31));
        record("aged", "acme", "2", Duration.ofDays(8));
        record("aged-globex", "globex", "3", Duration.ofDays(8));
        record("aged-initech", "initech", "4", Duration.ofDays(2));
        record("fresh", "acme", "5", Duration.ofDays(1));
        for (int i = 0; i < 250; i++) {
            record("bulk-" + i, "acme", "b" + i, Duration.ofDays(40));
        }
        LedgerRetention retention = new LedgerRetention(jdbc, properties(Map.of("globex", Duration.ofDays(10),
                "initech", Duration.ofDays(1))));

        LedgerRetention.Swept swept = retention.sweep(NOW);

        assertThat(eventIds()).containsExactly("aged", "aged-globex", "aged-initech", "fresh");
        for (String table : LedgerRetention.TABLES) {
            assertThat(count(table, "at < '" + NOW.minus(Duration.ofDays(30)) + "'")).as(table).isZero();
        }
        assertThat(swept.rowsDeleted()).isEqualTo(251 * 4);
        // acme's 8-day-old payload is past the default 7 days; globex keeps 10 days; initech only 1 day.
        assertThat(jdbc.queryForList("SELECT event_id FROM tributary_console.events WHERE data IS NULL AND subject"
                + " IS NULL ORDER BY event_id", String.class)).containsExactly("aged", "aged-initech");
        assertThat(jdbc.queryForList("SELECT event_id FROM tributary_console.attempts WHERE response_body IS NULL"
                + " ORDER BY event_id", String.class)).containsExactly("aged", "aged-initech");
        assertThat(jdbc.queryForList("SELECT event_id FROM tributary_console.attempts WHERE request -> 'body' IS NULL"
                + " ORDER BY event_id", String.class)).as("the request bodies sent go with the payloads")
                .containsExactly("aged", "aged-initech");
        assertThat(jdbc.queryForList("SELECT request ->> 'body' FROM tributary_console.attempts WHERE event_id ="
                + " 'fresh'", String.class)).containsExactly("{\"email\": \"a@example.com\"}");
        assertThat(jdbc.queryForList("SELECT request -> 'headers' -> 0 ->> 'value' FROM tributary_console.attempts"
                + " WHERE event_id = 'aged'", String.class)).as("the headers stay").containsExactly("aged:sub_1");
        assertThat(count("events", "data IS NOT NULL")).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT event_id FROM tributary_console.events WHERE attributes IS NULL"
                + " ORDER BY event_id", String.class)).as("an event's attributes go with its payload")
                .containsExactly("aged", "aged-initech");
        assertThat(swept.payloadsCleared()).isEqualTo(4);
        // The rows whose payload went stay searchable by everything else.
        assertThat(count("deliveries", "event_id IN ('aged', 'aged-initech')")).isEqualTo(2);

        assertThat(retention.sweep(NOW)).isEqualTo(new LedgerRetention.Swept(0, 0));
    }

    @Test
    void shouldExpungeEverythingOfATenant() {
        record("a-1", "acme", "1", Duration.ofDays(1));
        record("a-2", "acme", "2", Duration.ofDays(2));
        record("g-1", "globex", "1", Duration.ofDays(1));
        // An attempt recorded before attempts carried their tenant is found through its delivery.
        jdbc.update("UPDATE tributary_console.attempts SET tenant = NULL WHERE event_id = 'a-2'");
        LedgerRetention retention = new LedgerRetention(jdbc, properties(Map.of()));

        assertThat(retention.expungeTenant("acme")).containsExactly(Map.entry("attempts", 2),
                Map.entry("dead_letters", 2), Map.entry("deliveries", 2), Map.entry("events", 2));

        assertThat(eventIds()).containsExactly("g-1");
        for (String table : LedgerRetention.TABLES) {
            assertThat(count(table, "tenant = 'acme'")).as(table).isZero();
        }
        assertThat(count("attempts", "TRUE")).isEqualTo(1);
        assertThat(count("dead_letters", "TRUE")).isEqualTo(1);
    }

    @Test
    void shouldExpungeEverythingOfOneRecordWithinATenantOrEveryTenant() {
        record("a-1", "acme", "42", Duration.ofDays(1));
        record("a-1b", "acme", "42", Duration.ofHours(1));
        record("a-2", "acme", "43", Duration.ofDays(1));
        record("g-1", "globex", "42", Duration.ofDays(1));
        LedgerRetention retention = new LedgerRetention(jdbc, properties(Map.of()));

        assertThat(retention.expungeRecord("42", "acme")).containsExactly(Map.entry("attempts", 2),
                Map.entry("dead_letters", 2), Map.entry("deliveries", 2), Map.entry("events", 2));
        assertThat(eventIds()).containsExactly("a-2", "g-1");

        assertThat(retention.expungeRecord("42", null).get("events")).isEqualTo(1);
        assertThat(eventIds()).containsExactly("a-2");
        assertThat(count("deliveries", "TRUE")).isEqualTo(1);
        assertThat(count("attempts", "TRUE")).isEqualTo(1);
        assertThat(count("dead_letters", "TRUE")).isEqualTo(1);
    }

    @Test
    void shouldRefuseRetentionSettingsNamingEachKey() {
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(30), Duration.ofDays(40),
                Map.of("acme", Duration.ZERO), Duration.ofMillis(10), 5))
                .hasMessageContaining("tributary.console.retention.payloads = PT960H: must be a duration from PT1M"
                        + " to PT720H")
                .hasMessageContaining("tributary.console.retention.tenant-payloads.acme = PT0S: must be a duration"
                        + " from PT1M to PT720H")
                .hasMessageContaining("tributary.console.retention.sweep-interval = PT0.01S: must be a duration"
                        + " from PT1S to PT24H")
                .hasMessageContaining("tributary.console.retention.batch = 5: must be from 100 to 1000000");
        assertThat(new RetentionProperties(Duration.ofDays(30), Duration.ofDays(7), Map.of("acme",
                Duration.ofDays(1)), Duration.ofHours(1), 100).payloadsOf("acme")).isEqualTo(Duration.ofDays(1));
    }
}
