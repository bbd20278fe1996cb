package io.tributary.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.Subscription;
import io.tributary.model.serde.TributarySerdes;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Captured values through the sync-worker into a real PostgreSQL target, on a real broker: a source table with a
 * column of every type the capture handles, filled with edge values, is spelled as the capture spells it (by
 * PostgreSQL itself: {@code to_jsonb} in a UTC, ISO-8601 session, bytea as base64, money as a number), synced by a
 * {@code jdbc} target, and {@code to_jsonb} of every target row equals that of its source row, column by column.
 * An unchanged TOASTed value (absent and named in {@code data.unchanged}, or Debezium's placeholder) leaves the
 * target's value; an {@code http} target gets the numbers as captured. Readiness is DOWN while the listener
 * container is stopped or a target's table is missing.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SyncTargetValuesIT {

    /** Every column of the source and the target table: name and type. */
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        String[] columns = {
            "id int", "i2 smallint", "i4 int", "i8 bigint", "n numeric", "n_big numeric", "n_typed numeric(12,2)",
            "f8 float8", "f4 real", "m money", "bo boolean", "t text", "vc varchar(20)", "ch char(5)",
            "u uuid", "e feeling", "dm positive", "dt short_text", "ia int[]", "ia3 int[]", "ta text[]",
            "na numeric[]", "b bytea", "bd bytes", "ba bytea[]", "j json", "jb jsonb", "jba jsonb[]",
            "ts timestamp", "tstz timestamptz", "tsa timestamptz[]", "d date", "tm time", "ttz timetz",
            "iv interval", "r4 int4range", "rn numrange", "rtz tstzrange", "ip inet", "cidr_ cidr",
            "mac macaddr", "bt bit(4)", "vb varbit", "x xml", "tv tsvector", "pt point", "p pair"};
        for (String column : columns) {
            String[] parts = column.split(" ", 2);
            COLUMNS.put(parts[0], parts[1]);
        }
    }

    static final String TYPES = """
            CREATE TYPE feeling AS ENUM ('happy', 'very sad');
            CREATE DOMAIN positive AS int CHECK (VALUE > 0);
            CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 10);
            CREATE DOMAIN bytes AS bytea;
            CREATE TYPE pair AS (a int, b text);
            """;

    /** Edge values of every type, a row of NULLs, and other edge values. */
    static final String ROWS = """
            INSERT INTO value_source VALUES
            (1, -32768, -2147483648, 9223372036854775807, 0.0000000100,
             123456789012345678901234567890.123456789012345678901234567890, 1234567890.10,
             1.7976931348623157e308, 1.1, '92233720368547758.07', true,
             E'quote " backslash \\\\ newline \\n tab \\t euro \\u20ac emoji \\U0001F600', 'twenty characters!!', 'ab',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'very sad', 7, 'short',
             '{{1,NULL},{3,4}}', '{{{1},{2}},{{3},{NULL}}}', '{{"a\\"b","c,d"},{NULL,"NULL"}}', '{1.10,NaN,-0.000}',
             '\\xdeadbeef', '\\x00ff', '{"\\\\xfbff",NULL,"\\\\x"}',
             '{"a": 1, "a": 2, "n": 1.10, "s": "x\\u00e9"}', '{"x": [1, null, "y"], "n": 1.10, "big": 12345678901234567890}',
             ARRAY['{"q": 1}'::jsonb, NULL, '"s"'],
             '2024-01-15 10:30:00.5', '2024-01-15 10:30:00.5+02', '{"2024-01-15 10:30:00.123456+05:30",infinity}',
             'infinity', '24:00:00', '10:00:00+02', '1 year 2 mons 3 days 04:05:06.5',
             '[1,10)', '(1.5,)', '[2024-01-01 00:00+02,infinity)', '192.168.0.1/24', '10.0.0.0/8',
             '08:00:2b:01:02:03', B'1010', B'101', '<a>b &amp; c</a>', 'a fat cat', '(1.5,2)', '(1,"x y")'),
            (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (3, 32767, 2147483647, -9223372036854775808, 'NaN', '-Infinity', -0.01,
             '-Infinity', 'NaN', '-92233720368547758.08', false,
             '', '', '', '00000000-0000-0000-0000-000000000000', 'happy', 1, '',
             '{}', '{{{NULL}}}', '{"",NULL}', '{}',
             decode(repeat('0123456789abcdef', 40), 'hex'), '\\x', '{}',
             '"just a string"', '[]', '{}',
             '0044-03-15 10:00:00 BC', '-infinity', '{}',
             '0044-03-15 BC', '00:00:00.000001', '23:59:59.999999-15:59', '-1 year -2 mons +3 days -04:05:06.5',
             'empty', '(,0]', 'empty', '::1', '2001:db8::/32',
             'ff:ff:ff:ff:ff:ff', B'0000', B'', '<x/>', '', '(0,-1e-300)', '(,)')
            """;

    static final List<String> bodies = new CopyOnWriteArrayList<>();
    static final HttpServer api = start();
    static PostgresDatabase db;

    @Value("${local.server.port}")
    int port;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    static HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = "{\"id\": \"api-1\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        api.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("sync_values");
        String columns = String.join(", ", COLUMNS.entrySet().stream().map(c -> c.getKey() + " " + c.getValue())
                .toList());
        db.execute(TYPES + "CREATE TABLE value_source (" + columns + ", PRIMARY KEY (id));"
                + "CREATE TABLE value_target (" + columns + ", PRIMARY KEY (id));"
                + "CREATE TABLE value_current (" + columns + ", PRIMARY KEY (id));"
                + "CREATE TABLE toast_target (id int PRIMARY KEY, doc text, note text);");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "sv.handler.sync");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.sync.topic-prefix", () -> "sv");
        registry.add("tributary.sync.group-id", () -> "sv-worker");
        registry.add("tributary.sync.concurrency", () -> "1");
        registry.add("tributary.sync.database.url", db::jdbcUrl);
        registry.add("tributary.sync.database.user", db::user);
        registry.add("tributary.sync.database.password", db::password);
        registry.add("tributary.sync.retry.max-attempts", () -> "2");
        registry.add("tributary.sync.retry.initial-interval", () -> "PT0.2S");
        registry.add("tributary.sync.retry.max-interval", () -> "PT1S");
        jdbcTarget(registry, "replica", "value_target");
        COLUMNS.keySet().forEach(c -> registry.add("tributary.sync.targets.replica.mapping." + c, () -> "new." + c));
        // The same, from the source row as it is now.
        jdbcTarget(registry, "current", "value_current");
        registry.add("tributary.sync.targets.current.fetch-current-row", () -> "true");
        COLUMNS.keySet().forEach(c -> registry.add("tributary.sync.targets.current.mapping." + c, () -> "new." + c));
        jdbcTarget(registry, "toasty", "toast_target");
        for (String c : List.of("id", "doc", "note")) {
            registry.add("tributary.sync.targets.toasty.mapping." + c, () -> "new." + c);
        }
        registry.add("tributary.sync.targets.api.provider", () -> "http");
        registry.add("tributary.sync.targets.api.http.base-url",
                () -> "http://127.0.0.1:" + api.getAddress().getPort() + "/records");
        for (String c : List.of("n", "n_big", "i8", "f8", "na", "jb")) {
            registry.add("tributary.sync.targets.api.mapping." + c, () -> "new." + c);
        }
    }

    private static void jdbcTarget(DynamicPropertyRegistry registry, String name, String table) {
        String prefix = "tributary.sync.targets." + name;
        registry.add(prefix + ".provider", () -> "jdbc");
        registry.add(prefix + ".jdbc.url", db::jdbcUrl);
        registry.add(prefix + ".jdbc.user", db::user);
        registry.add(prefix + ".jdbc.password", db::password);
        registry.add(prefix + ".jdbc.table", () -> "public." + table);
        registry.add(prefix + ".jdbc.key-columns[0]", () -> "id");
    }

    private static int lsn = 0x2000;

    private static Delivery delivery(String target, String table, String operation, ObjectNode row,
            List<String> unchanged) {
        lsn += 0x100;
        ObjectNode data = Json.mapper().createObjectNode().put("table", table).put("schema", "public")
                .put("operation", operation).put("recordId", row.get("id").asText());
        data.set("new", row);
        data.putNull("old");
        if (!unchanged.isEmpty()) {
            unchanged.forEach(data.putArray("unchanged")::add);
        }
        ObjectNode envelope = Json.mapper().createObjectNode().put("specversion", "1.0")
                .put("id", "0/%X:public.%s".formatted(lsn, table)).put("source", "/postgres/shop/public/" + table)
                .put("type", table + "." + operation.toLowerCase()).put("time", "2026-11-23T08:00:00Z")
                .put("tenant", "co_1");
        envelope.set("data", data);
        Subscription subscription = Subscription.fromJson(Json.parse("{\"id\": \"sub_" + target + "\", \"name\": \""
                + target + "\", \"tenant\": \"co_1\", \"table\": \"" + table + "\", \"type\": \"SYNC\","
                + " \"config\": {\"target\": \"" + target + "\"}}"));
        return Delivery.of(EventEnvelope.fromJson(envelope), subscription);
    }

    private static void send(List<Delivery> deliveries) throws Exception {
        KafkaCluster kafka = KafkaExtension.cluster();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), TributarySerdes.delivery().serializer())) {
            for (Delivery delivery : deliveries) {
                producer.send(new ProducerRecord<>("sv.handler.sync", delivery.recordKey(), delivery))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs a query in the session the capture spells values in, one text column per row. */
    private static List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'; SET IntervalStyle = 'iso_8601'");
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    /** The source rows exactly as the capture spells them, from PostgreSQL itself. */
    private static List<ObjectNode> capturedRows() throws Exception {
        return query("""
                SELECT (to_jsonb(s.*) || jsonb_build_object(
                  'b', replace(encode(s.b, 'base64'), E'\\n', ''),
                  'bd', replace(encode(s.bd, 'base64'), E'\\n', ''),
                  'ba', CASE WHEN s.ba = '{}' THEN '[]'::jsonb ELSE (SELECT jsonb_agg(replace(encode(x, 'base64'),
                        E'\\n', '') ORDER BY i) FROM unnest(s.ba) WITH ORDINALITY AS u(x, i)) END,
                  'm', s.m::numeric))::text
                FROM value_source s ORDER BY id""").stream().map(r -> (ObjectNode) Json.parse(r)).toList();
    }

    /** Each row's columns as PostgreSQL's own {@code to_jsonb} text, by id. */
    private static Map<Integer, Map<String, String>> columns(String table) throws Exception {
        Map<Integer, Map<String, String>> rows = new TreeMap<>();
        for (String row : query("SELECT to_jsonb(t.*)::text FROM " + table + " t ORDER BY id")) {
            JsonNode values = Json.parse(row);
            Map<String, String> columns = new TreeMap<>();
            values.fields().forEachRemaining(f -> columns.put(f.getKey(), f.getValue().toString()));
            rows.put(values.get("id").asInt(), columns);
        }
        return rows;
    }

    @Test
    void shouldSyncEveryCapturedTypeSoThatTheTargetRowEqualsTheSourceRow() throws Exception {
        db.execute(ROWS);
        List<ObjectNode> captured = capturedRows();
        assertThat(captured).hasSize(3);
        assertThat(captured.get(0).get("b").textValue()).isEqualTo("3q2+7w==");
        List<Delivery> deliveries = new ArrayList<>();
        captured.forEach(row -> deliveries.add(delivery("replica", "value_source", "INSERT", row, List.of())));
        deliveries.add(delivery("api", "value_source", "INSERT", captured.get(0), List.of()));
        // With fetch-current-row, the row is read from the source and spelled as the capture spells it.
        captured.forEach(row -> deliveries.add(delivery("current", "value_source", "INSERT",
                Json.mapper().createObjectNode().put("id", row.get("id").intValue()), List.of())));
        send(deliveries);

        await().atMost(Duration.ofSeconds(60)).until(() -> columns("value_target").size() == 3
                && columns("value_current").size() == 3);
        Map<Integer, Map<String, String>> source = columns("value_source");
        for (String table : List.of("value_target", "value_current")) {
            Map<Integer, Map<String, String>> target = columns(table);
            for (int id : source.keySet()) {
                assertThat(source.get(id)).as("columns of row %d", id).hasSize(COLUMNS.size());
                source.get(id).forEach((column, value) -> assertThat(target.get(id).get(column))
                        .as("%s: column %s of row %d", table, column, id).isEqualTo(value));
            }
        }
        // The values the issue saw broken, spelled out.
        assertThat(query("SELECT b::text || ' ' || ia::text || ' ' || ba::text FROM value_target WHERE id = 1"))
                .containsExactly("\\xdeadbeef {{1,NULL},{3,4}} {\"\\\\xfbff\",NULL,\"\\\\x\"}");
        assertThat(query("SELECT n::text || ' ' || m::numeric::text || ' ' || iv::text || ' ' || tm::text"
                + " FROM value_target WHERE id = 1"))
                .containsExactly("0.0000000100 92233720368547758.07 P1Y2M3DT4H5M6.5S 24:00:00");

        // The http target gets every number as captured.
        await().atMost(Duration.ofSeconds(60)).until(() -> !bodies.isEmpty());
        assertThat(bodies.get(0)).contains("\"n\":0.0000000100",
                "\"n_big\":123456789012345678901234567890.123456789012345678901234567890",
                "\"i8\":9223372036854775807", "\"na\":[1.10,\"NaN\",0.000]",
                "\"jb\":{\"n\":1.10,\"x\":[1,null,\"y\"],\"big\":12345678901234567890}");
        // A float's exponent may be spelled out on the way, its value is exact.
        assertThat(Json.parse(bodies.get(0)).get("f8").decimalValue())
                .isEqualByComparingTo(new BigDecimal("1.7976931348623157e308"));
    }

    @Test
    void shouldKeepTheTargetValueOfAnUnchangedToastedColumn() throws Exception {
        String doc = query("SELECT string_agg(md5(g::text), '') FROM generate_series(1, 3000) g").get(0);
        assertThat(doc).hasSize(96_000);
        ObjectNode insert = Json.mapper().createObjectNode().put("id", 1).put("doc", doc).put("note", "first");
        send(List.of(delivery("toasty", "toast_source", "INSERT", insert, List.of())));
        await().atMost(Duration.ofSeconds(60)).until(() -> query("SELECT note FROM toast_target").equals(List.of(
                "first")));

        // The update does not carry the unchanged TOASTed doc: absent and named in data.unchanged.
        ObjectNode update = Json.mapper().createObjectNode().put("id", 1).put("note", "second");
        send(List.of(delivery("toasty", "toast_source", "UPDATE", update, List.of("doc"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> query("SELECT note FROM toast_target").equals(List.of(
                "second")));
        assertThat(query("SELECT doc FROM toast_target")).containsExactly(doc);

        // Debezium's placeholder is never written either.
        ObjectNode placeholder = Json.mapper().createObjectNode().put("id", 1)
                .put("doc", "__debezium_unavailable_value").put("note", "third");
        send(List.of(delivery("toasty", "toast_source", "UPDATE", placeholder, List.of())));
        await().atMost(Duration.ofSeconds(60)).until(() -> query("SELECT note FROM toast_target").equals(List.of(
                "third")));
        assertThat(query("SELECT doc FROM toast_target")).containsExactly(doc);
    }

    @Test
    void shouldDeadLetterAValueItsColumnCannotTakeNamingTheColumn() throws Exception {
        ObjectNode notAnInteger = Json.mapper().createObjectNode().put("id", 11).put("i4", "eleven");
        ObjectNode notBase64 = Json.mapper().createObjectNode().put("id", 12).put("b", "\\xdeadbeef");
        send(List.of(delivery("replica", "value_source", "INSERT", notAnInteger, List.of()),
                delivery("replica", "value_source", "INSERT", notBase64, List.of())));
        List<String> reasons = KafkaExtension.cluster().consume("sv.handler.sync-dlt", 2, Duration.ofSeconds(60))
                .stream().map(r -> new String(r.headers().lastHeader("kafka_exception-message").value(),
                        StandardCharsets.UTF_8)).toList();
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("upsert into public.value_target failed:"
                + " column i4: ERROR: invalid input syntax for type integer: \"eleven\" (SQLState 22P02)"));
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("sync into public.value_target:"
                + " b: a bytea value must be base64 (RFC 4648): "));
        assertThat(query("SELECT count(*) FROM value_target WHERE id > 10")).containsExactly("0");
    }

    private HttpResponse<String> readiness() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldNotBeReadyWhileTheListenerIsStoppedOrATargetTableIsMissing() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> readiness().statusCode() == 200);
        assertThat(readiness().body()).contains("\"status\":\"UP\"");

        registry.getListenerContainer("sync").stop();
        HttpResponse<String> stopped = readiness();
        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.body()).contains("\"status\":\"DOWN\"", "listener containers not running: sync\"");
        registry.getListenerContainer("sync").start();
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness().statusCode() == 200);

        db.execute("ALTER TABLE toast_target RENAME TO toast_target_away");
        try {
            HttpResponse<String> missing = readiness();
            assertThat(missing.statusCode()).isEqualTo(503);
            assertThat(missing.body()).contains("\"status\":\"DOWN\"",
                    "target toasty: public.toast_target: ERROR: relation \\\"public.toast_target\\\" does not exist");
        } finally {
            db.execute("ALTER TABLE toast_target_away RENAME TO toast_target");
        }
        assertThat(readiness().statusCode()).isEqualTo(200);
    }
}
