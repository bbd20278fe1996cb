package io.tributary.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.model.Json;
import io.tributary.testkit.ApiFuzz;
import io.tributary.testkit.ApiFuzz.Reply;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every HTTP API of the capture-service, with the capture running on a real PostgreSQL and a real broker: each
 * endpoint the application maps under {@code /v1} refuses a request without a known key (401) and the tables API a
 * tenant key (403); hostile table attachments and detachments (injection strings, wrong types, malformed and
 * invalid UTF-8 JSON, deep nesting, huge bodies, odd content types) get a 4xx naming the reason, change nothing in
 * the database or the publication, and no key reaches the log.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class CaptureApiSecurityIT {

    static final String ADMIN = "admin-security-key-0123";
    static final String TENANT = "acme-security-key-01234";
    static final String WRONG = "wrong-security-key-0123";
    static PostgresDatabase db;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("capture_security");
        db.execute("""
                CREATE TABLE orders (id bigint PRIMARY KEY, company_id text, total numeric(12,2));
                INSERT INTO orders VALUES (1, 'co_1', 10.50);
                CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY);
                """);
        try (var in = CaptureApiSecurityIT.class.getResourceAsStream("/db/tributary_outbox.sql")) {
            db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        KafkaExtension.cluster().createTopics(1, "security.events");
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.capture.database.host", db::host);
        registry.add("tributary.capture.database.port", db::port);
        registry.add("tributary.capture.database.name", db::databaseName);
        registry.add("tributary.capture.database.user", db::user);
        registry.add("tributary.capture.database.password", db::password);
        registry.add("tributary.capture.slot-name", () -> "security_slot");
        registry.add("tributary.capture.publication-name", () -> "security_pub");
        registry.add("tributary.capture.topic-prefix", () -> "security");
        registry.add("tributary.capture.offsets-topic", () -> "security.capture-offsets");
        registry.add("tributary.capture.tables-topic", () -> "security.capture-tables");
        registry.add("tributary.capture.tables[0].name", () -> "public.orders");
        registry.add("tributary.capture.tables[0].tenant-column", () -> "company_id");
        registry.add("tributary.ingest.topic-prefix", () -> "security");
        registry.add("tributary.api.key-store", () -> "");
        registry.add("tributary.api.keys[0].key", () -> ADMIN);
        registry.add("tributary.api.keys[0].admin", () -> "true");
        registry.add("tributary.api.keys[1].key", () -> TENANT);
        registry.add("tributary.api.keys[1].tenant", () -> "acme");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @BeforeAll
    void awaitStreaming() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                    "SELECT active FROM pg_replication_slots WHERE slot_name = 'security_slot'")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    @AfterAll
    void stopCaptureAndDropSlot() {
        context.getBean("captureLifecycle", org.springframework.context.SmartLifecycle.class).stop();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> db.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'security_slot'"));
    }

    private Reply call(String method, String path, String authorization, byte[] body, String contentType)
            throws Exception {
        return ApiFuzz.send(method, "http://127.0.0.1:" + port + path, authorization, body, contentType);
    }

    private Reply call(String method, String path, String key, String body) throws Exception {
        return call(method, path, key == null ? null : "Bearer " + key,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Every method and path the application maps under /v1, path variables filled in. */
    private Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/v1/"))
                .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(verb -> endpoints.put(
                        verb.name() + " " + pattern, pattern.replaceAll("\\{[^}]+}", "public.orders")))));
        return endpoints;
    }

    @Test
    void shouldRefuseEveryEndpointWithoutAKnownKeyAndTheTablesApiToTenantKeys(CapturedOutput output)
            throws Exception {
        Map<String, String> endpoints = endpoints();
        assertThat(endpoints.keySet()).as("the endpoints found").containsExactlyInAnyOrder("POST /v1/events",
                "GET /v1/tables", "POST /v1/tables", "DELETE /v1/tables/{name}");
        List<String> refusals = List.of("", "Bearer " + WRONG, "Bearer " + ADMIN.substring(1), "Bearer",
                "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8)),
                ADMIN, "Bearer " + ADMIN + " " + ADMIN);
        String body = "{\"name\": \"public.orders\"}";
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String verb = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            for (String authorization : refusals) {
                Reply reply = call(verb, endpoint.getValue(), authorization.isEmpty() ? null : authorization,
                        body.getBytes(StandardCharsets.UTF_8), "application/json");
                assertThat(reply.status()).as(endpoint.getKey() + " with '" + authorization + "'").isEqualTo(401);
                assertThat(reply.json().get("error").asText()).startsWith("missing or unknown API key");
            }
            if (endpoint.getKey().contains("/v1/tables")) {
                Reply tenant = call(verb, endpoint.getValue(), TENANT, body);
                assertThat(tenant.status()).as(endpoint.getKey() + " with a tenant key").isEqualTo(403);
                assertThat(tenant.json().get("error").asText()).isEqualTo("captured tables are managed with an admin key");
            }
        }
        assertThat(tables()).containsExactly("public.orders configuration");
        assertThat(output.getAll()).doesNotContain(ADMIN, TENANT, WRONG, ADMIN.substring(1));
    }

    @Test
    void shouldRefuseHostileTableRequestsWithA4xxAndChangeNothing(CapturedOutput output) throws Exception {
        List<String> before = publication();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty", "");
        bodies.put("malformed", "{\"name\": ");
        bodies.put("array", "[{\"name\": \"public.orders\"}]");
        bodies.put("null", "null");
        bodies.put("string", "\"public.orders\"");
        bodies.put("10,000-deep", "{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        bodies.put("10 MB", "{\"name\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}");
        bodies.put("unknown field", "{\"name\": \"public.orders\", \"owner\": \"postgres\"}");
        bodies.put("NUL", "{\"name\": \"public.orders\\u0000\"}");
        for (String type : List.of("7", "true", "[]", "{}", "null", "1e400")) {
            bodies.put("name " + type, "{\"name\": " + type + "}");
            bodies.put("tenantColumn " + type, "{\"name\": \"public.nothing\", \"tenantColumn\": " + type + "}");
            bodies.put("snapshot " + type, "{\"name\": \"public.nothing\", \"snapshot\": " + (type.equals("true")
                    ? "\"true\"" : type) + "}");
        }
        List<String> names = List.of("public.orders; DROP TABLE orders", "public.orders\"; DROP TABLE orders; --",
                "orders' OR '1'='1", "public.\"orders\"", "pg_catalog.pg_authid", "information_schema.tables",
                "public.tributary_outbox", "public.*", "../../etc/passwd", "public.orders\r\nX-Injected: yes",
                "public." + "t".repeat(200), "PUBLIC.ORDERS", "public.nothing");
        for (String name : names) {
            bodies.put("name " + name, "{\"name\": " + Json.write(Json.mapper().getNodeFactory().textNode(name)) + "}");
        }
        bodies.put("tenantColumn injection", "{\"name\": \"public.orders\", \"tenantColumn\": \"company_id; DROP TABLE orders\"}");
        int refused = 0;
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Reply reply = call("POST", "/v1/tables", ADMIN, body.getValue());
            assertRefusedWithReason(reply, "POST " + body.getKey());
            refused++;
        }
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};
        assertRefusedWithReason(call("POST", "/v1/tables", "Bearer " + ADMIN, invalidUtf8, "application/json"),
                "invalid UTF-8");
        for (String type : List.of("*/*", "text/*", "garbage", "multipart/form-data; boundary=x", "text/plain")) {
            Reply reply = call("POST", "/v1/tables", "Bearer " + ADMIN,
                    "{\"name\": \"public.nothing\"}".getBytes(StandardCharsets.UTF_8), type);
            assertRefusedWithReason(reply, "content type " + type);
            refused++;
        }
        for (String name : List.of("public.orders", "public.orders;DROP%20TABLE%20orders", "public.nothing",
                "orders'%20OR%20'1'='1", "%00", "public.tributary_outbox", "x".repeat(2000))) {
            Reply reply = call("DELETE", "/v1/tables/" + name, ADMIN, null);
            assertThat(reply.status()).as("DELETE " + name + ": " + reply.text()).isBetween(400, 499);
            refused++;
        }
        System.out.println("CaptureApiSecurityIT: " + refused + " hostile table requests refused");
        for (String unpublishable : List.of("pg_catalog.pg_authid", "public.scratch")) {
            Reply reply = call("POST", "/v1/tables", ADMIN, "{\"name\": \"" + unpublishable + "\"}");
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat(reply.json().at("/details/0/path").asText()).isEqualTo("name");
            assertThat(reply.json().at("/details/0/reason").asText()).startsWith("PostgreSQL cannot capture it");
        }

        assertThat(tables()).containsExactly("public.orders configuration");
        assertThat(publication()).isEqualTo(before).contains("public.orders");
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement()
                .executeQuery("SELECT count(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(call("GET", "/v1/tables", ADMIN, null).status()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(ADMIN, TENANT);
    }

    private static void assertRefusedWithReason(Reply reply, String what) {
        assertThat(reply.status()).as(what + ": " + reply.text()).isBetween(400, 499);
        assertThat(reply.json()).as(what + ": a JSON error body, got " + reply.text()).isNotNull();
        assertThat(reply.json().path("error").asText()).as(what).isNotBlank();
        reply.json().path("details").forEach(detail -> {
            assertThat(detail.path("path").isTextual()).as(what + ": " + reply.text()).isTrue();
            assertThat(detail.path("reason").asText()).as(what + ": " + reply.text()).isNotBlank();
        });
    }

    private List<String> tables() throws Exception {
        List<String> tables = new ArrayList<>();
        call("GET", "/v1/tables", ADMIN, null).json().get("items").forEach(table ->
                tables.add(table.get("name").asText() + " " + table.get("origin").asText()));
        return tables;
    }

    private static List<String> publication() throws Exception {
        TreeSet<String> tables = new TreeSet<>();
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = 'security_pub'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return List.copyOf(tables);
    }
}
