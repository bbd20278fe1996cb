package io.tributary.router.api;

import static io.tributary.testkit.ApiFuzz.concat;
import static io.tributary.testkit.ApiFuzz.deep;
import static io.tributary.testkit.ApiFuzz.mutateBytes;
import static io.tributary.testkit.ApiFuzz.preview;
import static io.tributary.testkit.ApiFuzz.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import io.tributary.testkit.ApiFuzz;
import io.tributary.testkit.ApiFuzz.Reply;
import io.tributary.testkit.KafkaExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile input to the subscriptions admin API on a real broker with the router behind it: a hand-picked corpus
 * (malformed and invalid UTF-8 JSON, a 10 MB body, 10,000-deep nesting, wrong types for every field and webhook
 * setting, injection strings, CRLF in headers, unknown fields, odd content types, huge numbers, NUL characters,
 * hostile query parameters and ids) and seeded random mutations of valid subscriptions. Every answer is a 4xx
 * naming the reason (and the field) or a 2xx for what is valid, never a 5xx; every endpoint refuses unknown
 * keys; a tenant key neither sees nor changes another tenant's subscriptions; secrets are never answered in full
 * nor logged. {@code -Dtributary.fuzz.seed=<seed>} replays a generated run, {@code -Dtributary.fuzz.cases=<n>}
 * sizes it.
 */
@ExtendWith({KafkaExtension.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class, while the test broker runs: closed at the JVM's exit instead, its streams client would
// wait its whole close timeout for a broker that is gone.
@DirtiesContext
class AdminApiFuzzIT {

    static final String ADMIN = "admin-fuzz-key-0123456789";
    static final String ACME = "acme-fuzz-key-0123456789";
    static final String GLOBEX = "globex-fuzz-key-0123456789";
    static final String WRONG = "wrong-fuzz-key-0123456789";
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OLD_SECRET = "whsec_c2VjcmV0LXRoYXQtaXMtYmVpbmctcm90YXRlZC1vdXQ=";
    static final String BEARER = "Bearer sk_live_51HxAbCdEfGhIjKlMnOpQrStUv";
    static final int GENERATED = Integer.getInteger("tributary.fuzz.cases", 800);
    static final long SEED = Long.getLong("tributary.fuzz.seed", System.nanoTime());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String stateDir = Files.createTempDirectory("afz-router").toString();
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.router.topic-prefix", () -> "afz");
        registry.add("tributary.router.application-id", () -> "afz-router");
        registry.add("tributary.router.partitions", () -> "1");
        registry.add("tributary.router.streams.state.dir", () -> stateDir);
        registry.add("tributary.api.key-store", () -> "");
        registry.add("tributary.api.keys[0].key", () -> ADMIN);
        registry.add("tributary.api.keys[0].admin", () -> "true");
        registry.add("tributary.api.keys[1].key", () -> ACME);
        registry.add("tributary.api.keys[1].tenant", () -> "acme");
        registry.add("tributary.api.keys[2].key", () -> GLOBEX);
        registry.add("tributary.api.keys[2].tenant", () -> "globex");
        registry.add("tributary.api.visibility-timeout", () -> "PT60S");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static int sequence;

    /** A hand-picked input: the key, the method and path, the body, the status (0: any 4xx), the field named. */
    record Case(String name, String key, String method, String path, byte[] body, String contentType, int status,
            String field) {
    }

    private Reply call(String method, String path, String authorization, byte[] body, String contentType)
            throws Exception {
        return ApiFuzz.send(method, "http://127.0.0.1:" + port + path, authorization, body, contentType);
    }

    private Reply call(String method, String path, String key, String body) throws Exception {
        return call(method, path, key == null ? null : "Bearer " + key,
                body == null ? null : utf8(body), "application/json");
    }

    private static String freshName() {
        return "fuzz-" + (++sequence);
    }

    /** A valid webhook subscription using every setting. */
    private static ObjectNode webhook(String name) {
        return (ObjectNode) Json.parse("""
                {"name": "%s", "table": "orders", "operations": ["INSERT", "UPDATE"], "type": "WEBHOOK",
                 "config": {"url": "https://hooks.example.com/orders", "headers": {"X-Team": "billing"},
                            "secret": "%s", "format": "default", "timeout": "PT5S", "rateLimit": 10,
                            "retry": {"maxAttempts": 3, "initialInterval": "PT1S", "multiplier": 2,
                                      "maxInterval": "PT1M"}},
                 "filter": {"status": "confirmed"}, "where": {"new.amount": {"$gt": 1000}, "$changed": ["status"]},
                 "cooldown": "PT10M", "active": true}""".formatted(name, SECRET));
    }

    private static ObjectNode sync(String name) {
        return (ObjectNode) Json.parse("{\"name\": \"" + name + "\", \"eventType\": \"invoice.*\", \"type\": \"SYNC\","
                + " \"config\": {\"target\": \"accounting\"}}");
    }

    private static ObjectNode queue(String name) {
        return (ObjectNode) Json.parse("{\"name\": \"" + name + "\", \"eventType\": \"order.created\", \"type\":"
                + " \"QUEUE\", \"where\": {\"$or\": [{\"new.a\": {\"$in\": [1, 2]}}, {\"new.b\": {\"$regex\": \"^x\"}}]}}");
    }

    /** A copy with the value at a dotted path (objects created on the way) set to a JSON text. */
    private static String with(ObjectNode subscription, String path, String jsonValue) {
        ObjectNode copy = subscription.deepCopy();
        String[] parts = path.split("\\.");
        ObjectNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.get(parts[i]) instanceof ObjectNode child ? child : parent.putObject(parts[i]);
        }
        parent.set(parts[parts.length - 1], Json.parse(jsonValue));
        return Json.write(copy);
    }

    private static String text(String value) {
        return Json.write(JsonNodeFactory.instance.textNode(value));
    }

    /** A refusal is a 4xx whose JSON body gives the reason and, for every detail, a path and a reason. */
    private static void assertRefusedWithReason(Reply reply, String what) {
        ApiFuzz.assertRefusedWithReason(reply, what);
        if (reply.json().path("error").asText().equals("invalid subscription")) {
            assertThat(reply.json().path("details")).as(what + ": names the field").isNotEmpty();
        }
    }

    private List<Case> corpus(String ownId) {
        List<Case> cases = new ArrayList<>();
        String post = "/v1/subscriptions";
        byte[] valid = utf8(Json.write(webhook(freshName())));
        java.util.function.BiConsumer<String, byte[]> raw = (name, body) ->
                cases.add(new Case(name, ADMIN, "POST", post, body, "application/json", 400, null));
        raw.accept("empty body", new byte[0]);
        raw.accept("blank body", utf8(" \n\t"));
        raw.accept("truncated", Arrays.copyOf(valid, valid.length / 2));
        raw.accept("trailing garbage", concat(valid, utf8(" x")));
        raw.accept("two documents", concat(valid, valid));
        raw.accept("single quotes", utf8("{'name': 'x'}"));
        raw.accept("comment", concat(utf8("// hi\n"), valid));
        raw.accept("NaN", utf8(with(webhook(freshName()), "config.rateLimit", "1").replace(":1,", ":NaN,")));
        raw.accept("NUL bytes", concat(valid, new byte[] {0, 0}));
        raw.accept("unescaped control character", utf8(Json.write(webhook(freshName())).replace("billing", "bill\u0001")));
        raw.accept("invalid UTF-8: lone continuation byte", concat(utf8("{\"name\": \"a"), new byte[] {(byte) 0x80},
                utf8("\"}")));
        raw.accept("invalid UTF-8: truncated sequence", concat(utf8("{\"name\": \"a"), new byte[] {(byte) 0xC3, 0x28},
                utf8("\"}")));
        raw.accept("invalid UTF-8: overlong", concat(utf8("{\"name\": \"a"), new byte[] {(byte) 0xC0, (byte) 0xAF},
                utf8("\"}")));
        raw.accept("invalid UTF-8: 0xFF", concat(new byte[] {(byte) 0xFF}, valid));
        raw.accept("10,000-deep arrays", utf8("[".repeat(10_000) + "]".repeat(10_000)));
        raw.accept("10,000-deep filter", utf8(with(webhook(freshName()), "filter", "{}").replace("\"filter\":{}",
                "\"filter\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000))));
        raw.accept("10,000 open braces", utf8("{\"a\":".repeat(10_000)));
        raw.accept("null", utf8("null"));
        raw.accept("array", utf8("[" + Json.write(webhook(freshName())) + "]"));
        raw.accept("number", utf8("1e400"));
        raw.accept("string", utf8("\"WEBHOOK\""));
        raw.accept("empty object", utf8("{}"));
        raw.accept("1,001-digit number", utf8(with(webhook(freshName()), "config.rateLimit", "1")
                .replace(":1,", ":" + "9".repeat(1001) + ",")));
        cases.add(new Case("10 MB body", ADMIN, "POST", post, utf8(with(webhook(freshName()), "config.template",
                text("x".repeat(10 * 1024 * 1024)))), "application/json", 0, null));
        cases.add(new Case("a subscription larger than a Kafka record", ADMIN, "POST", post,
                utf8(with(webhook(freshName()), "filter", "{\"note\": " + text("n".repeat(1_100_000)) + "}")),
                "application/json", 0, null));

        // Wrong types and values for every field and setting, each named in the answer.
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        wrong.put("id", List.of("123", "true", "[]", "{}", "\"\"", "\"has space\"", text("i".repeat(129)),
                "\"../x\"", "\"a\\u0000b\"", "\"sub_1'; DROP TABLE subscriptions; --\""));
        wrong.put("name", List.of("123", "[]", "{}", "\"\"", text("n".repeat(129)), "\"'; DROP TABLE s; --\"",
                "\"<script>alert(1)</script>\"", "\"a\\r\\nb\"", "\"a\\u0000b\""));
        wrong.put("tenant", List.of("123", "[]", "{}", "\"\"", text("t".repeat(129))));
        wrong.put("table", List.of("123", "[]", "\"\"", "\"orders; DROP TABLE x\"", "\"a.b.c\"", text("t".repeat(129))));
        wrong.put("operations", List.of("\"INSERT\"", "[]", "[\"insert\"]", "[\"DROP\"]", "[1]", "{}", "[null]"));
        wrong.put("type", List.of("123", "\"\"", "\"webhook\"", "\"WEB HOOK\"", text("T".repeat(65)), "null"));
        wrong.put("config", List.of("\"https://x\"", "[]", "1"));
        wrong.put("filter", List.of("\"x\"", "[]", "1", "true"));
        wrong.put("where", List.of("\"x\"", "[]", "{\"new.a\": {\"$foo\": 1}}", "{\"new.a\": {\"$regex\": \"a(\"}}",
                "{\"$and\": \"x\"}", "{\"new.a\": {\"$gt\": {}}}", "{\"$where\": \"sleep(1000)\"}"));
        wrong.put("cooldown", List.of("10", "\"PT0S\"", "\"P31D\"", "\"soon\"", "true", "\"-PT1M\""));
        wrong.put("active", List.of("\"true\"", "1", "[]", "{}"));
        wrong.put("config.url", List.of("123", "\"\"", "\"javascript:alert(1)\"", "\"file:///etc/passwd\"",
                "\"https://user:pw@hooks.example.com/\"", "\"http://\"", "\"https://x.com/\\r\\nHost: evil\"",
                "\"gopher://127.0.0.1:6379/_FLUSHALL\"", text("https://x.com/" + "p".repeat(2040)), "null"));
        wrong.put("config.headers", List.of("\"x\"", "[]", "{\"Host\": \"evil\"}", "{\"webhook-signature\": \"v1,x\"}",
                "{\"X-A\": \"a\\r\\nX-Injected: yes\"}", "{\"X A\": \"x\"}", "{\"X-A\": 1}",
                "{\"X-A\\r\\nInjected\": \"x\"}", "{\"Content-Length\": \"0\"}", "{\"X-A\": \"a\\nb\"}"));
        wrong.put("config.secret", List.of("\"whsec_\"", "\"whsec_!!!\"", "\"secret\"", "123", "[]",
                "[" + String.join(",", java.util.Collections.nCopies(6, "\"" + SECRET + "\"")) + "]",
                "\"whsec_AAAAAAAAAAA=\"", "{}"));
        wrong.put("config.format", List.of("\"xml\"", "1"));
        wrong.put("config.template", List.of("1", "[]"));
        cases.add(new Case("format template without a template", ADMIN, "POST", post,
                utf8(with(webhook(freshName()), "config.format", "\"template\"")), "application/json", 400,
                "config.template"));
        wrong.put("config.rateLimit", List.of("0", "-1", "1e400", "\"10\"", "100001"));
        wrong.put("config.timeout", List.of("\"PT0S\"", "\"PT10M\"", "5", "\"soon\""));
        wrong.put("config.retry", List.of("\"x\"", "{\"maxAttempts\": 0}", "{\"maxAttempts\": 1e400}",
                "{\"multiplier\": 11}", "{\"initialInterval\": \"P2D\"}", "{\"jitter\": true}",
                "{\"maxAttempts\": 99999999999999999999}"));
        wrong.put("config.followRedirects", List.of("true"));
        wrong.put("colour", List.of("1", "null"));
        wrong.forEach((field, values) -> values.forEach(value -> cases.add(new Case(field + " = " + value, ADMIN,
                "POST", post, utf8(with(webhook(freshName()), field, value)), "application/json", 400,
                field))));
        wrong.put("eventType", List.of("123", "\"\"", "\"a b\"", "\"*.*\"", "\"invoice.**\""));
        for (String value : wrong.get("eventType")) {
            ObjectNode selection = queue(freshName());
            cases.add(new Case("eventType = " + value, ADMIN, "POST", post, utf8(with(selection, "eventType", value)),
                    "application/json", 400, "eventType"));
        }
        for (String value : List.of("123", "\"\"", "\"../x\"", "\"a b\"", "null")) {
            cases.add(new Case("config.target = " + value, ADMIN, "POST", post,
                    utf8(with(sync(freshName()), "config.target", value)), "application/json", 400, "config.target"));
        }
        ObjectNode both = webhook(freshName());
        both.put("eventType", "invoice.*");
        cases.add(new Case("table and eventType", ADMIN, "POST", post, utf8(Json.write(both)), "application/json",
                400, "eventType"));

        // Tenant keys: never another tenant's subscription.
        cases.add(new Case("tenant key for another tenant", ACME, "POST", post,
                utf8(with(webhook(freshName()), "tenant", "\"globex\"")), "application/json", 403, "tenant"));
        cases.add(new Case("tenant key, tenant in upper case", ACME, "POST", post,
                utf8(with(webhook(freshName()), "tenant", "\"ACME\"")), "application/json", 403, "tenant"));
        cases.add(new Case("tenant key, tenant with NUL", ACME, "POST", post,
                utf8(with(webhook(freshName()), "tenant", "\"acme\\u0000\"")), "application/json", 403, "tenant"));
        cases.add(new Case("tenant key moving its subscription away", ACME, "PUT", post + "/" + ownId,
                utf8(with(webhook(freshName()), "tenant", "\"globex\"")), "application/json", 403, "tenant"));
        cases.add(new Case("PUT with another id in the body", ACME, "PUT", post + "/" + ownId,
                utf8(with(webhook(freshName()), "id", "\"sub_other\"")), "application/json", 400, "id"));

        // Content types: the body is JSON whatever the header says.
        for (String type : List.of("*/*", "text/*", "garbage", "application/xml", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded")) {
            cases.add(new Case("content type " + type, ADMIN, "POST", post, utf8("{\"name\": 1}"), type, 400, null));
        }
        // Query parameters and ids.
        for (String query : List.of("limit=abc", "limit=99999999999", "limit=-5", "limit=1e3", "limit=0",
                "limit=501")) {
            cases.add(new Case("GET ?" + query, ADMIN, "GET", post + "?" + query, null, null, 400, "limit"));
        }
        for (String id : List.of("%00", "x%2Fy", "..%2F..%2Fetc%2Fpasswd", "'%20OR%20'1'='1", "i".repeat(3000),
                "%E2%80%AE", "%C3%28", "sub_none")) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                cases.add(new Case(method + " id " + id.substring(0, Math.min(20, id.length())), ADMIN, method,
                        post + "/" + id, method.equals("PUT") ? utf8(Json.write(webhook(freshName()))) : null,
                        "application/json", 0, null));
            }
            cases.add(new Case("pause id " + id.substring(0, Math.min(20, id.length())), ADMIN, "POST",
                    post + "/" + id + "/pause", null, null, 0, null));
        }
        return cases;
    }

    @Test
    void shouldAnswerEveryHandPickedHostileRequestWithA4xxNamingTheReason(CapturedOutput output) throws Exception {
        Reply own = call("POST", "/v1/subscriptions", ACME, Json.write(webhook(freshName())));
        assertThat(own.status()).isEqualTo(201);
        String ownId = own.json().get("id").asText();
        List<Case> cases = corpus(ownId);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Case c : cases) {
            Reply reply = call(c.method(), c.path(), "Bearer " + c.key(), c.body(), c.contentType());
            statuses.merge(reply.status(), 1, Integer::sum);
            if (c.path().contains("%2F") || c.path().contains("%00") || c.path().contains("%C3%28")) {
                // Refused by the servlet container before the API sees the request.
                assertThat(reply.status()).as(c.name() + ": " + reply.text()).isBetween(400, 499);
                continue;
            }
            assertRefusedWithReason(reply, c.name());
            if (c.status() != 0) {
                assertThat(reply.status()).as(c.name() + ": " + reply.text()).isEqualTo(c.status());
            }
            if (c.field() != null) {
                assertThat(reply.json().get("details").findValuesAsText("path")).as(c.name() + ": " + reply.text())
                        .anySatisfy(path -> assertThat(path).startsWith(c.field()));
            }
        }
        System.out.println("AdminApiFuzzIT hand-picked: " + cases.size() + " requests, statuses " + statuses);

        // Injection strings where any string is allowed are data: stored verbatim, never interpreted.
        ObjectNode injected = webhook(freshName());
        ((ObjectNode) injected.get("filter")).put("status", "' OR '1'='1' --");
        ((ObjectNode) injected.get("filter")).put("note", "<script>alert(1)</script>${jndi:ldap://x/a}\u0000");
        ((ObjectNode) injected.get("config")).put("template", "{{#event}}{{{.}}}{{/event}}");
        ((ObjectNode) injected.get("config")).put("format", "template");
        Reply stored = call("POST", "/v1/subscriptions", ACME, Json.write(injected));
        assertThat(stored.status()).as(stored.text()).isEqualTo(201);
        assertThat(stored.json().at("/filter/note").asText()).isEqualTo("<script>alert(1)</script>${jndi:ldap://x/a}\u0000");

        // A lone surrogate (valid JSON text, no valid Unicode) in a string a subscription may hold.
        Reply surrogate = call("POST", "/v1/subscriptions", ACME, Json.write(webhook(freshName()))
                .replace("\"confirmed\"", "\"\\ud800\""));
        assertThat(surrogate.status()).as(surrogate.text()).isIn(201, 400);

        assertThat(call("GET", "/v1/subscriptions/" + ownId, ACME, null).json().get("name").asText())
                .as("the subscription the hostile requests aimed at is unchanged")
                .isEqualTo(own.json().get("name").asText());
        assertThat(call("POST", "/v1/subscriptions", ACME, Json.write(webhook(freshName()))).status())
                .as("a valid subscription after all of it").isEqualTo(201);
        assertThat(output.getAll()).doesNotContain(ADMIN, ACME, GLOBEX, SECRET);
    }

    @Test
    void shouldAnswerSeededMutationsOfValidSubscriptionsWith2xxOrA4xxNeverA5xx() throws Exception {
        String ownId = call("POST", "/v1/subscriptions", ACME, Json.write(webhook(freshName()))).json().get("id")
                .asText();
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int n = 0; n < GENERATED; n++) {
            boolean put = random.nextInt(4) == 0;
            byte[] body = generated(random);
            Reply reply = call(put ? "PUT" : "POST", "/v1/subscriptions" + (put ? "/" + ownId : ""), "Bearer " + ACME,
                    body, "application/json");
            statuses.merge(reply.status(), 1, Integer::sum);
            String what = (put ? "PUT" : "POST") + " case " + n + " of seed " + SEED + " (-Dtributary.fuzz.seed="
                    + SEED + "): " + preview(body, 400);
            assertThat(reply.status()).as(what + " -> " + reply.text()).isIn(200, 201, 400, 403, 409, 413);
            if (reply.status() < 300) {
                assertThat(reply.json().get("tenant").asText()).as(what).isEqualTo("acme");
                assertThat(reply.text()).as(what).doesNotContain(SECRET);
            } else {
                assertRefusedWithReason(reply, what);
            }
        }
        System.out.println("AdminApiFuzzIT generated: " + GENERATED + " cases, seed " + SEED + ", statuses "
                + statuses);
        assertThat(statuses).as("the mutations reach both sides of the validation").containsKey(400);
        assertThat(statuses.getOrDefault(200, 0) + statuses.getOrDefault(201, 0)).isPositive();
        List<String> tenants = new ArrayList<>();
        call("GET", "/v1/subscriptions?limit=500", ADMIN, null).json().get("items")
                .forEach(item -> tenants.add(item.path("tenant").asText("(global)")));
        assertThat(tenants).as("all a tenant key created is its own").doesNotContain("(global)").isNotEmpty()
                .allSatisfy(tenant -> assertThat(tenant).isIn("acme", "globex"));
        assertThat(call("GET", "/v1/subscriptions/" + ownId, ACME, null).status()).isEqualTo(200);
    }

    @Test
    void shouldKeepTenantsApart() throws Exception {
        Reply created = call("POST", "/v1/subscriptions", ACME, Json.write(webhook(freshName())));
        String id = created.json().get("id").asText();
        String path = "/v1/subscriptions/" + id;
        for (String[] request : List.of(new String[] {"GET", path}, new String[] {"PUT", path},
                new String[] {"DELETE", path}, new String[] {"POST", path + "/pause"},
                new String[] {"POST", path + "/resume"})) {
            Reply reply = call(request[0], request[1], GLOBEX, request[0].equals("PUT")
                    ? Json.write(webhook(freshName())) : null);
            assertThat(reply.status()).as(request[0] + " " + request[1]).isEqualTo(404);
            assertThat(reply.text()).doesNotContain("acme", "hooks.example.com");
        }
        Reply listed = call("GET", "/v1/subscriptions?limit=500", GLOBEX, null);
        assertThat(listed.json().get("items").findValuesAsText("id")).doesNotContain(id);
        assertThat(listed.json().get("items").findValuesAsText("tenant")).doesNotContain("acme");
        Reply paged = call("GET", "/v1/subscriptions?limit=1&after=" + id.substring(0, id.length() - 1), GLOBEX, null);
        assertThat(paged.json().get("items").findValuesAsText("id")).doesNotContain(id);

        Reply global = call("POST", "/v1/subscriptions", GLOBEX, with(webhook(freshName()), "tenant", "null"));
        assertThat(global.status()).isEqualTo(201);
        assertThat(global.json().get("tenant").asText()).as("a tenant key cannot create a global subscription")
                .isEqualTo("globex");
        assertThat(call("GET", "/v1/subscriptions/quarantined", GLOBEX, null).status()).isEqualTo(403);

        Reply untouched = call("GET", path, ADMIN, null);
        assertThat(untouched.json().get("active").asBoolean()).isTrue();
        assertThat(untouched.json().get("name").asText()).isEqualTo(created.json().get("name").asText());
        assertThat(untouched.json().get("tenant").asText()).isEqualTo("acme");
    }

    @Test
    void shouldRefuseEveryEndpointWithoutAKnownKey(CapturedOutput output) throws Exception {
        Map<String, String> endpoints = new LinkedHashMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/v1/"))
                .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(verb -> endpoints.put(
                        verb.name() + " " + pattern, pattern.replaceAll("\\{[^}]+}", "sub_x")))));
        assertThat(endpoints.keySet()).as("the endpoints found").containsExactlyInAnyOrder("POST /v1/subscriptions",
                "GET /v1/subscriptions", "GET /v1/subscriptions/quarantined", "GET /v1/subscriptions/{id}",
                "PUT /v1/subscriptions/{id}", "DELETE /v1/subscriptions/{id}", "POST /v1/subscriptions/{id}/pause",
                "POST /v1/subscriptions/{id}/resume");
        List<String> refusals = List.of("", "Bearer " + WRONG, "Bearer " + ADMIN.substring(1), "Bearer",
                "Basic " + java.util.Base64.getEncoder().encodeToString(utf8("admin:" + ADMIN)), ADMIN,
                "Bearer " + ADMIN + " " + ADMIN, "Bearer ' OR '1'='1");
        int refused = 0;
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String verb = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            for (String authorization : refusals) {
                Reply reply = call(verb, endpoint.getValue(), authorization.isEmpty() ? null : authorization,
                        utf8(Json.write(webhook(freshName()))), "application/json");
                assertThat(reply.status()).as(endpoint.getKey() + " with '" + authorization + "'").isEqualTo(401);
                assertThat(reply.json().get("error").asText()).startsWith("missing or unknown API key");
                refused++;
            }
        }
        System.out.println("AdminApiFuzzIT: " + endpoints.size() + " endpoints, " + refused + " requests without a"
                + " known key refused");
        assertThat(output.getAll()).doesNotContain(ADMIN, WRONG, ADMIN.substring(1));
    }

    @Test
    void shouldNeverAnswerOrLogASecretInFull(CapturedOutput output) throws Exception {
        ObjectNode subscription = webhook(freshName());
        ObjectNode config = (ObjectNode) subscription.get("config");
        config.putArray("secret").add(SECRET).add(OLD_SECRET);
        config.putObject("headers").put("Authorization", BEARER).put("X-Auth-Token", "tok_9f8e7d6c5b4a39281706")
                .put("Api-Key", "ak_0123456789abcdef0123").put("X-Team", "billing");
        List<String> secrets = List.of(SECRET, OLD_SECRET, BEARER, "sk_live_51HxAbCdEfGhIjKlMnOpQrStUv",
                "tok_9f8e7d6c5b4a39281706", "ak_0123456789abcdef0123", SECRET.substring(6), OLD_SECRET.substring(6));
        List<Reply> answers = new ArrayList<>();
        Reply created = call("POST", "/v1/subscriptions", ACME, Json.write(subscription));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        answers.add(created);
        answers.add(call("GET", "/v1/subscriptions/" + id, ACME, null));
        answers.add(call("GET", "/v1/subscriptions/" + id, ADMIN, null));
        answers.add(call("GET", "/v1/subscriptions?limit=500", ADMIN, null));
        answers.add(call("PUT", "/v1/subscriptions/" + id, ACME, Json.write(subscription)));
        answers.add(call("POST", "/v1/subscriptions/" + id + "/pause", ACME, null));
        answers.add(call("POST", "/v1/subscriptions/" + id + "/resume", ACME, null));
        // Refusals echo neither: an invalid subscription carrying the same secrets.
        answers.add(call("POST", "/v1/subscriptions", ACME, with(subscription, "cooldown", "\"soon\"")));
        answers.add(call("POST", "/v1/subscriptions", ACME, Json.write(subscription)
                .replace("\"" + OLD_SECRET + "\"", "\"" + OLD_SECRET + "x\"")));
        for (Reply answer : answers) {
            assertThat(answer.status()).isLessThan(500);
            assertThat(answer.text()).doesNotContain(secrets);
        }
        assertThat(answers.get(1).json().at("/config/secret/0").asText()).isEqualTo("whsec_…LaSw");
        assertThat(answers.get(1).json().at("/config/headers/Authorization").asText()).isEqualTo("…StUv");
        // Any header may carry a credential: every header value is masked, short ones entirely.
        assertThat(answers.get(1).json().at("/config/headers/X-Team").asText()).isEqualTo("…");
        assertThat(answers.get(4).status()).isEqualTo(200);
        assertThat(answers.get(6).status()).isEqualTo(200);
        assertThat(answers.get(6).json().get("active").asBoolean()).isTrue();
        assertThat(answers.get(8).status()).isEqualTo(400);

        // What the router keeps is still the real secret: pausing and resuming did not replace it by its mask.
        org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record = KafkaExtension.cluster()
                .readAll("afz.subscriptions").stream().filter(r -> id.equals(r.key())).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(record.value()).contains(SECRET, OLD_SECRET, BEARER);
        assertThat(output.getAll()).doesNotContain(secrets).doesNotContain(ACME, ADMIN);
    }

    // ---- generation ----

    private static byte[] generated(Random random) {
        ObjectNode base = switch (random.nextInt(3)) {
            case 0 -> webhook(freshName());
            case 1 -> sync(freshName());
            default -> queue(freshName());
        };
        JsonNode body = base;
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            body = mutate(body, random);
        }
        byte[] bytes = utf8(Json.write(body));
        if (random.nextInt(6) == 0) {
            bytes = mutateBytes(bytes, random);
        }
        return bytes;
    }

    private static final List<String> UNKNOWN_NAMES = List.of("colour", "__proto__", "$where", "", "a\u0000b",
            "Name", "followRedirects", "url ", "jitter", "secrets");

    /** Replaces, removes or adds a member or element anywhere in the document. */
    private static JsonNode mutate(JsonNode body, Random random) {
        if (random.nextInt(25) == 0) {
            return hostile(random);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(body, containers);
        if (containers.isEmpty()) {
            return body;
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int action = random.nextInt(5);
            if (action <= 2 && !names.isEmpty()) {
                object.set(names.get(random.nextInt(names.size())), hostile(random));
            } else if (action == 3 && !names.isEmpty()) {
                object.remove(names.get(random.nextInt(names.size())));
            } else {
                object.set(UNKNOWN_NAMES.get(random.nextInt(UNKNOWN_NAMES.size())), hostile(random));
            }
        } else if (target instanceof ArrayNode array) {
            if (!array.isEmpty() && random.nextBoolean()) {
                array.set(random.nextInt(array.size()), hostile(random));
            } else {
                array.add(hostile(random));
            }
        }
        return body;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    /** A value chosen to break something: wrong types, limits, injections, odd characters. */
    private static JsonNode hostile(Random random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(36)) {
            case 0 -> nodes.textNode("");
            case 1 -> nodes.textNode("\u0000");
            case 2 -> nodes.textNode("line\r\nX-Injected: yes");
            case 3 -> nodes.textNode("' OR '1'='1' --");
            case 4 -> nodes.textNode("<script>alert(1)</script>");
            case 5 -> nodes.textNode("${jndi:ldap://127.0.0.1/a}");
            case 6 -> nodes.textNode("\uD800");
            case 7 -> nodes.textNode("x".repeat(1 + random.nextInt(3000)));
            case 8 -> nodes.textNode("acme");
            case 9 -> nodes.textNode("globex");
            case 10 -> nodes.textNode("javascript:alert(1)");
            case 11 -> nodes.textNode("http://169.254.169.254/latest/meta-data");
            case 12 -> nodes.textNode("https://user:pw@hooks.example.com/");
            case 13 -> nodes.textNode("(a+)+$");
            case 14 -> nodes.textNode("a(");
            case 15 -> nodes.textNode("whsec_!!!");
            case 16 -> nodes.textNode(random.nextBoolean() ? "PT0S" : "P9999D");
            case 17 -> nodes.textNode(random.nextBoolean() ? "INSERT" : "WEBHOOK");
            case 18 -> nodes.numberNode(random.nextInt(2000) - 1000);
            case 19 -> nodes.numberNode(new BigDecimal("1e400"));
            case 20 -> nodes.numberNode(new BigDecimal("-1e-400"));
            case 21 -> nodes.numberNode(BigInteger.TEN.pow(999));
            case 22 -> nodes.numberNode(new BigDecimal("0.5"));
            case 23 -> nodes.booleanNode(random.nextBoolean());
            case 24 -> nodes.nullNode();
            case 25 -> nodes.arrayNode();
            case 26 -> nodes.arrayNode().add(nodes.nullNode()).add("INSERT").add(1);
            case 27 -> nodes.objectNode();
            case 28 -> nodes.objectNode().set("$gt", nodes.numberNode(1));
            case 29 -> nodes.objectNode().set("$regex", nodes.textNode(random.nextBoolean() ? "^a" : "a("));
            case 30 -> deep(1 + random.nextInt(190));
            case 31 -> nodes.textNode("\u202Eevil\uFEFF\u2028");
            case 32 -> nodes.textNode(String.valueOf((char) random.nextInt(0x20)));
            case 33 -> nodes.objectNode().put("Host", "evil").put("X-A", "a\r\nb");
            case 34 -> nodes.textNode("https://hooks.example.com/" + random.nextInt(100));
            default -> nodes.textNode("new.status");
        };
    }
;
}
