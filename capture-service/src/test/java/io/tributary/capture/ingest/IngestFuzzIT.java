package io.tributary.capture.ingest;

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
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.testkit.ApiFuzz;
import io.tributary.testkit.ApiFuzz.Reply;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hostile input to {@code POST /v1/events} on a real broker: a hand-picked corpus (malformed and invalid UTF-8
 * JSON, a 10 MB body, 10,000-deep nesting, wrong types for every attribute, injection strings, unknown fields,
 * wrong content types, huge numbers, NUL characters, broken HTTP) and seeded random mutations of valid bodies.
 * Every answer is a 4xx naming the reason (and the field, for an invalid event) or a 202 for what is valid, never
 * a 5xx; what is refused is never written, a tenant key never publishes for another tenant, and no key reaches
 * the log. {@code -Dtributary.fuzz.seed=<seed>} replays a generated run, {@code -Dtributary.fuzz.cases=<n>}
 * sizes it.
 */
@ExtendWith({KafkaExtension.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestFuzzIT {

    static final String ACME = "acme-fuzz-key-0123456789";
    static final String GLOBEX = "globex-fuzz-key-0123456789";
    static final String ADMIN = "admin-fuzz-key-0123456789";
    static final String WRONG = "wrong-fuzz-key-0123456789";
    static final String TOPIC = "fuzz.events";
    static final int MAX_BODY = 1_048_576;
    static final int GENERATED = Integer.getInteger("tributary.fuzz.cases", 1500);
    static final long SEED = Long.getLong("tributary.fuzz.seed", System.nanoTime());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KafkaExtension.cluster().createTopics(1, TOPIC);
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaExtension.cluster().bootstrapServers());
        registry.add("tributary.capture.enabled", () -> "false");
        registry.add("tributary.ingest.topic-prefix", () -> "fuzz");
        registry.add("tributary.ingest.rate-limit", () -> "0");
        registry.add("tributary.api.key-store", () -> "");
        registry.add("tributary.api.keys[0].key", () -> ACME);
        registry.add("tributary.api.keys[0].tenant", () -> "acme");
        registry.add("tributary.api.keys[1].key", () -> GLOBEX);
        registry.add("tributary.api.keys[1].tenant", () -> "globex");
        registry.add("tributary.api.keys[2].key", () -> ADMIN);
        registry.add("tributary.api.keys[2].admin", () -> "true");
    }

    @Value("${local.server.port}")
    int port;

    private static int sequence;

    /** A hand-picked input and what it must get: a status (0 for 202 or any 4xx) and the field named, if any. */
    record Case(String name, byte[] body, int status, String path) {
        static Case of(String name, String body, int status, String path) {
            return new Case(name, body.getBytes(StandardCharsets.UTF_8), status, path);
        }
    }

    private Reply send(String method, String key, byte[] body, String contentType) throws Exception {
        return ApiFuzz.send(method, "http://127.0.0.1:" + port + "/v1/events",
                key == null ? null : key.startsWith("raw:") ? key.substring(4) : "Bearer " + key, body, contentType);
    }

    private Reply post(String key, byte[] body) throws Exception {
        return send("POST", key, body, "application/json");
    }

    private static String event(String id) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/services/billing\","
                + "\"type\":\"invoice.created\",\"subject\":\"inv_1\",\"data\":{\"total\":12.50,\"lines\":[1,2]}}";
    }

    private static String freshId() {
        return "fuzz-" + (++sequence);
    }

    /** A refusal is a 4xx whose JSON body gives the reason and, for every detail, a path and a reason. */
    private static void assertRefusedWithReason(Reply reply, String what) {
        ApiFuzz.assertRefusedWithReason(reply, what);
        if (reply.json().path("error").asText().startsWith("invalid event")) {
            assertThat(reply.json().path("details")).as(what + ": an invalid event names its field").isNotEmpty();
        }
    }

    private static String nested(int depth, String open, String leaf, String close) {
        return open.repeat(depth) + leaf + close.repeat(depth);
    }

    /** The event with one more member in front: {@code member} is JSON text such as {@code "ext":{}}. */
    private static String prepend(String event, String member) {
        return "{" + member + "," + event.substring(1);
    }

    /** The event with an attribute set to a JSON value in place of its own. */
    private static String withAttribute(String id, String name, String jsonValue) {
        return prepend(event(id), "\"" + name + "\":" + jsonValue)
                .replaceFirst(",\"" + name + "\":\"[^\"]*\"", "");
    }

    private List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty body", new byte[0], 400, null));
        cases.add(Case.of("blank body", "  \n\t ", 400, ""));
        cases.add(Case.of("truncated object", "{\"specversion\":", 400, null));
        cases.add(Case.of("truncated string", "{\"specversion\":\"1.", 400, null));
        cases.add(Case.of("single quotes", "{'specversion':'1.0'}", 400, null));
        cases.add(Case.of("trailing comma", event(freshId()).replace("}}", "},}"), 400, null));
        cases.add(Case.of("comment", "/* hi */" + event(freshId()), 400, null));
        cases.add(Case.of("trailing garbage", event(freshId()) + " x", 400, null));
        cases.add(Case.of("two documents", event(freshId()) + event(freshId()), 400, null));
        cases.add(Case.of("NaN", event(freshId()).replace("12.50", "NaN"), 400, null));
        cases.add(Case.of("Infinity", event(freshId()).replace("12.50", "-Infinity"), 400, null));
        cases.add(Case.of("leading zeros", event(freshId()).replace("12.50", "0012"), 400, null));
        cases.add(Case.of("hex number", event(freshId()).replace("12.50", "0x1F"), 400, null));
        cases.add(Case.of("unescaped control character", event(freshId()).replace("inv_1", "inv\u0001"), 400, null));
        cases.add(Case.of("bad escape", event(freshId()).replace("inv_1", "inv\\q"), 400, null));
        cases.add(Case.of("null", "null", 400, ""));
        cases.add(Case.of("number", "42", 400, ""));
        cases.add(Case.of("string", "\"event\"", 400, ""));
        cases.add(Case.of("boolean", "true", 400, ""));
        cases.add(Case.of("empty array", "[]", 400, null));
        cases.add(Case.of("array of null", "[null]", 400, "[0]"));
        cases.add(Case.of("nested array", "[[" + event(freshId()) + "]]", 400, "[0]"));
        cases.add(Case.of("empty object", "{}", 400, "specversion"));
        // Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', a lone 0xFF, an
        // encoded surrogate, and bytes outside any string.
        byte[] valid = utf8(event(freshId()));
        int subject = new String(valid, StandardCharsets.UTF_8).indexOf("inv_1");
        cases.add(new Case("invalid UTF-8: lone continuation byte", concat(java.util.Arrays.copyOf(valid, subject),
                new byte[] {(byte) 0x80}, java.util.Arrays.copyOfRange(valid, subject, valid.length)), 400, null));
        cases.add(new Case("invalid UTF-8: truncated sequence", concat(java.util.Arrays.copyOf(valid, subject),
                new byte[] {(byte) 0xC3, 0x28}, java.util.Arrays.copyOfRange(valid, subject, valid.length)), 400, null));
        cases.add(new Case("invalid UTF-8: overlong encoding", concat(utf8(event(freshId()).replace("inv_1", "inv")
                .replace("\"data\"", "\"x\":\"")), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\",\"data\"")),
                400, null));
        cases.add(new Case("invalid UTF-8: 0xFF", concat(utf8("{\"specversion\":\"1.0\",\"id\":\""),
                new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("\"}")), 400, null));
        cases.add(new Case("invalid UTF-8: encoded surrogate", concat(utf8("{\"specversion\":\"1.0\",\"id\":\""),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8(freshId() + "\",\"source\":\"/s\","
                        + "\"type\":\"t\"}")), 0, null));
        cases.add(new Case("invalid UTF-8 outside a string", concat(new byte[] {(byte) 0xC3}, valid), 400, null));
        cases.add(new Case("UTF-16 with a byte order mark", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                event(freshId()).getBytes(StandardCharsets.UTF_16BE)), 0, null));
        cases.add(new Case("NUL bytes", concat(valid, new byte[] {0, 0, 0}), 400, null));
        // Size and depth.
        cases.add(Case.of("10 MB body", event(freshId()).replace("12.50", "\"" + "x".repeat(10 * 1024 * 1024) + "\""),
                413, null));
        String padded = event(freshId()).replace("12.50", "\"\"");
        cases.add(Case.of("an event of 1,000,000 bytes", padded.replace("\"\"", "\""
                + "p".repeat(1_000_000 - padded.length()) + "\""), 202, null));
        cases.add(Case.of("a body of the largest size, too large for a Kafka record once enveloped",
                padded.replace("\"\"", "\"" + "p".repeat(MAX_BODY - padded.length()) + "\""), 413, ""));
        cases.add(Case.of("a body one byte too large", padded.replace("\"\"", "\""
                + "p".repeat(MAX_BODY + 1 - padded.length()) + "\""), 413, null));
        cases.add(Case.of("10,000-deep arrays", nested(10_000, "[", "1", "]"), 400, null));
        cases.add(Case.of("10,000-deep objects in data", event(freshId()).replace("12.50",
                nested(10_000, "{\"a\":", "1", "}")), 400, null));
        cases.add(Case.of("10,000 open brackets", "[".repeat(10_000), 400, null));
        cases.add(Case.of("batch of 501", "[" + String.join(",", java.util.Collections.nCopies(501,
                event("same"))) + "]", 400, null));
        cases.add(Case.of("duplicate id in a batch", "[" + event("twice") + "," + event("twice") + "]", 400, "[1].id"));
        cases.add(Case.of("257-character id", event("i".repeat(257)), 400, "id"));
        cases.add(Case.of("5,000-character subject", event(freshId()).replace("inv_1", "s".repeat(5000)), 400,
                "subject"));
        cases.add(Case.of("1,001-digit number", event(freshId()).replace("12.50", "9".repeat(1001)), 400, null));
        // Wrong types for every attribute.
        Map<String, List<String>> wrong = new TreeMap<>();
        for (String attribute : List.of("specversion", "id", "source", "type", "time", "subject", "datacontenttype",
                "tenant", "correlationid", "causationid")) {
            wrong.put(attribute, List.of("123", "true", "[]", "{}", "[\"acme\"]", "{\"$ne\":null}", "1e400"));
        }
        wrong.put("depth", List.of("-1", "1001", "1.5", "\"1\"", "1e400", "99999999999999999999", "true", "[]"));
        wrong.forEach((attribute, values) -> values.forEach(value -> cases.add(Case.of(attribute + " = " + value,
                withAttribute(freshId(), attribute, value), 400, attribute))));
        cases.add(Case.of("specversion 0.3", withAttribute(freshId(), "specversion", "\"0.3\""), 400, "specversion"));
        cases.add(Case.of("time not a timestamp", withAttribute(freshId(), "time", "\"yesterday\""), 400, "time"));
        cases.add(Case.of("time out of range", withAttribute(freshId(), "time", "\"2024-13-45T25:61:00Z\""), 400,
                "time"));
        cases.add(Case.of("empty id", event(""), 400, "id"));
        cases.add(Case.of("missing id", event(freshId()).replaceFirst("\"id\":\"[^\"]*\",", ""), 400, "id"));
        // Unknown fields: CloudEvents extension attributes are kept when their names are valid.
        Map<String, String> unknown = Map.of("\"Foo\"", "Foo", "\"foo_bar\"", "foo_bar", "\"__proto__\"",
                "__proto__", "\"$where\"", "$where", "\"\"", "", "\"averyveryverylongname21\"",
                "averyveryverylongname21", "\"a\\u0000b\"", "a\u0000b", "\"dataschema \"", "dataschema ");
        unknown.forEach((json, name) -> cases.add(Case.of("unknown field " + json,
                prepend(event(freshId()), json + ":\"x\""), 400, name)));
        cases.add(Case.of("extension holding an object", prepend(event(freshId()), "\"ext\":{}"), 400, "ext"));
        cases.add(Case.of("extension holding null", prepend(event(freshId()), "\"ext\":null"), 400, "ext"));
        // Another tenant's events.
        cases.add(Case.of("another tenant", withAttribute(freshId(), "tenant", "\"globex\""), 400, "tenant"));
        cases.add(Case.of("tenant with NUL", withAttribute(freshId(), "tenant", "\"acme\\u0000\""), 400, "tenant"));
        cases.add(Case.of("tenant in upper case", withAttribute(freshId(), "tenant", "\"ACME\""), 400, "tenant"));
        cases.add(Case.of("tenant with trailing space", withAttribute(freshId(), "tenant", "\"acme \""), 400,
                "tenant"));
        cases.add(Case.of("another tenant in a batch", "[" + event(freshId()) + ","
                + withAttribute(freshId(), "tenant", "\"globex\"") + "]", 400, "[1].tenant"));
        return cases;
    }

    @Test
    void shouldAnswerEveryHandPickedHostileInputWithA4xxNamingTheReasonAndWriteNothingOfIt(KafkaCluster kafka,
            CapturedOutput output) throws Exception {
        long from = endOffset(kafka);
        List<Case> cases = corpus();
        Set<String> accepted = new HashSet<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Case c : cases) {
            Reply reply = post(ACME, c.body());
            statuses.merge(reply.status(), 1, Integer::sum);
            if (c.status() == 202 || c.status() == 0 && reply.status() == 202) {
                assertThat(reply.status()).as(c.name() + ": " + reply.text()).isEqualTo(202);
                reply.json().get("ids").forEach(id -> accepted.add(id.asText()));
                continue;
            }
            assertRefusedWithReason(reply, c.name());
            if (c.status() != 0) {
                assertThat(reply.status()).as(c.name() + ": " + reply.text()).isEqualTo(c.status());
            }
            if (c.path() != null) {
                assertThat(reply.json().get("details").findValuesAsText("path")).as(c.name() + ": " + reply.text())
                        .contains(c.path());
            }
        }
        System.out.println("IngestFuzzIT hand-picked: " + cases.size() + " inputs, statuses " + statuses);

        // Injection strings are data: accepted, stored verbatim, never interpreted.
        List<String> injections = List.of("' OR '1'='1' --", "'; DROP TABLE tributary_outbox; --",
                "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "../../../../etc/passwd",
                "line\r\nX-Injected: yes", "nul\u0000inside", "\u202Eevil", "%00%0d%0a");
        List<String> injected = new ArrayList<>();
        for (String injection : injections) {
            String id = freshId();
            ObjectNode json = (ObjectNode) Json.parse(event(id));
            json.put("subject", injection);
            json.put("source", "/services/" + injection);
            ((ObjectNode) json.get("data")).put("note", injection);
            Reply reply = post(ACME, utf8(Json.write(json)));
            assertThat(reply.status()).as(injection + ": " + reply.text()).isEqualTo(202);
            injected.add(id);
            accepted.add(id);
        }

        // Wrong and odd content types, and other methods.
        Map<String, Integer> byType = new TreeMap<>();
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "*/*", "garbage")) {
            Reply reply = send("POST", ACME, utf8(event(freshId())), type);
            byType.put(type, reply.status());
            assertThat(reply.status()).as(type + ": " + reply.text()).isNotEqualTo(500).isLessThan(500);
            if (reply.status() == 202) {
                reply.json().get("ids").forEach(id -> accepted.add(id.asText()));
            } else {
                assertThat(reply.status()).as(type).isBetween(400, 499);
            }
        }
        Reply noType = send("POST", ACME, utf8(event(freshId())), null);
        assertThat(noType.status()).isLessThan(500);
        if (noType.status() == 202) {
            noType.json().get("ids").forEach(id -> accepted.add(id.asText()));
        }
        System.out.println("IngestFuzzIT content types: " + byType + ", none: " + noType.status());
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
            Reply reply = send(method, ACME, method.equals("GET") || method.equals("DELETE") ? null
                    : utf8(event(freshId())), "application/json");
            assertThat(reply.status()).as(method).isEqualTo(405);
        }

        // Broken HTTP below the JSON: a NUL in a header, an invalid chunk size, both Content-Length and
        // Transfer-Encoding (a request smuggling attempt).
        String head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ACME + "\r\n";
        List<String> rawAnswers = List.of(
                raw(head + "X-Evil: a\u0000b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
                raw(head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"),
                raw(head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n"));
        System.out.println("IngestFuzzIT broken HTTP: " + rawAnswers);
        assertThat(rawAnswers).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 4"));

        String id = freshId();
        assertThat(post(ACME, utf8(event(id))).status()).as("a valid event after all of it").isEqualTo(202);
        accepted.add(id);

        Map<String, EventEnvelope> written = writtenSince(kafka, from);
        assertThat(written.keySet()).as("what was written is exactly what was accepted")
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(written.values()).extracting(EventEnvelope::tenant).containsOnly("acme");
        for (int i = 0; i < injections.size(); i++) {
            EventEnvelope stored = written.get(injected.get(i));
            assertThat(stored.subject()).isEqualTo(injections.get(i));
            assertThat(stored.data().get("note").textValue()).isEqualTo(injections.get(i));
        }
        assertThat(output.getAll()).doesNotContain(ACME, GLOBEX, ADMIN, WRONG);
    }

    @Test
    void shouldAnswerSeededMutationsOfValidBodiesWith202OrA4xxNeverA5xx(KafkaCluster kafka, CapturedOutput output)
            throws Exception {
        long from = endOffset(kafka);
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Set<String> accepted = new HashSet<>();
        for (int n = 0; n < GENERATED; n++) {
            byte[] body = generated(random);
            Reply reply = post(ACME, body);
            statuses.merge(reply.status(), 1, Integer::sum);
            String what = "case " + n + " of seed " + SEED + " (-Dtributary.fuzz.seed=" + SEED + "): "
                    + preview(body, 300);
            assertThat(reply.status()).as(what + " -> " + reply.text()).isIn(202, 400, 409, 413);
            if (reply.status() == 202) {
                reply.json().get("ids").forEach(id -> accepted.add(id.asText()));
            } else {
                assertRefusedWithReason(reply, what);
            }
        }
        System.out.println("IngestFuzzIT generated: " + GENERATED + " cases, seed " + SEED + ", statuses " + statuses);
        assertThat(statuses).as("the mutations reach both sides of the validation").containsKeys(202, 400);

        String id = freshId();
        assertThat(post(ACME, utf8(event(id))).status()).as("a valid event after all of it").isEqualTo(202);
        accepted.add(id);
        Map<String, EventEnvelope> written = writtenSince(kafka, from);
        assertThat(written.keySet()).as("what was written is exactly what was accepted")
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(written.values()).as("a tenant key never publishes for another tenant")
                .extracting(EventEnvelope::tenant).containsOnly("acme");
        assertThat(output.getAll()).doesNotContain(ACME);
    }

    @Test
    void shouldKeepTenantsApart(KafkaCluster kafka) throws Exception {
        long from = endOffset(kafka);
        assertThat(post(ACME, utf8(event("shared-id"))).status()).isEqualTo(202);
        assertThat(post(GLOBEX, utf8(event("shared-id"))).status())
                .as("another tenant's id neither conflicts nor reveals that it exists").isEqualTo(202);
        Reply foreign = post(GLOBEX, utf8(withAttribute("globex-for-acme", "tenant", "\"acme\"")));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().at("/details/0/path").asText()).isEqualTo("tenant");
        assertThat(foreign.json().at("/details/0/reason").asText()).isEqualTo("this key publishes only for tenant globex");
        assertThat(post(ADMIN, utf8(withAttribute("admin-for-acme", "tenant", "\"acme\""))).status()).isEqualTo(202);

        List<String> keyed = kafka.readAll(TOPIC).stream().filter(record -> record.offset() >= from)
                .map(record -> EventEnvelope.fromJson(Json.parse(record.value())))
                .map(event -> event.tenant() + " " + event.id()).toList();
        assertThat(keyed).containsExactlyInAnyOrder("acme shared-id", "globex shared-id", "acme admin-for-acme");
    }

    @Test
    void shouldRefuseEveryRequestWithoutAKnownKey() throws Exception {
        List<String> keys = new ArrayList<>();
        keys.add(null);
        keys.add(WRONG);
        keys.add("");
        keys.add(ACME.substring(0, ACME.length() - 1));
        keys.add(ACME + "x");
        keys.add("raw:" + ACME);
        keys.add("raw:Basic " + java.util.Base64.getEncoder().encodeToString(utf8("acme:" + ACME)));
        keys.add("raw:Bearer");
        keys.add("raw:Bearer " + ACME.toUpperCase());
        keys.add("raw:Token " + ACME);
        keys.add("' OR '1'='1");
        for (String key : keys) {
            Reply reply = post(key, utf8(event(freshId())));
            assertThat(reply.status()).as(String.valueOf(key)).isEqualTo(401);
            assertThat(reply.json().get("error").asText()).startsWith("missing or unknown API key");
            Reply malformed = post(key, utf8("{not json"));
            assertThat(malformed.status()).as("the key is checked before the body: " + key).isEqualTo(401);
        }
    }

    /** The next offset of the events topic (one partition): what a test writes starts there. */
    private static long endOffset(KafkaCluster kafka) {
        return kafka.readAll(TOPIC).stream().mapToLong(record -> record.offset() + 1).max().orElse(0);
    }

    /** The events written from an offset on, by id; each id must be written once. */
    private static Map<String, EventEnvelope> writtenSince(KafkaCluster kafka, long from) {
        Map<String, EventEnvelope> events = new java.util.HashMap<>();
        kafka.readAll(TOPIC).stream().filter(record -> record.offset() >= from)
                .map(record -> EventEnvelope.fromJson(Json.parse(record.value())))
                .forEach(event -> assertThat(events.put(event.id(), event)).as("written once: " + event.id()).isNull());
        return events;
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                answer.write(b);
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    // ---- generation ----

    private static byte[] generated(Random random) {
        JsonNode body = random.nextInt(4) == 0 ? batch(random) : base(random);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            body = mutateTree(body, random);
        }
        byte[] bytes = utf8(Json.write(body));
        if (random.nextInt(5) == 0) {
            bytes = mutateBytes(bytes, random);
        }
        return bytes;
    }

    private static ObjectNode base(Random random) {
        ObjectNode event = (ObjectNode) Json.parse(event(freshId()));
        if (random.nextBoolean()) {
            event.put("time", "2024-01-15T10:30:00Z").put("correlationid", "c-1").put("depth", random.nextInt(3));
        }
        if (random.nextBoolean()) {
            event.put("tenant", "acme");
        }
        return event;
    }

    private static ArrayNode batch(Random random) {
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        int size = 1 + random.nextInt(3);
        for (int i = 0; i < size; i++) {
            batch.add(base(random));
        }
        return batch;
    }

    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "tenant", "correlationid", "causationid", "depth", "data");
    private static final List<String> UNKNOWN_NAMES = List.of("Foo", "foo", "foo_bar", "__proto__", "constructor",
            "x".repeat(21), "$where", "", "a\u0000b", "dataschema", "data ", "ID");

    private static JsonNode mutateTree(JsonNode body, Random random) {
        if (random.nextInt(20) == 0) {
            return random.nextBoolean() ? hostile(random) : JsonNodeFactory.instance.arrayNode().add(body)
                    .add(hostile(random));
        }
        ObjectNode target;
        if (body instanceof ArrayNode array) {
            if (array.isEmpty() || !array.get(0).isObject()) {
                return body;
            }
            JsonNode picked = array.get(random.nextInt(array.size()));
            if (!picked.isObject()) {
                return body;
            }
            target = (ObjectNode) picked;
        } else if (body instanceof ObjectNode object) {
            target = object;
        } else {
            return body;
        }
        switch (random.nextInt(5)) {
            case 0, 1 -> target.set(ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())), hostile(random));
            case 2 -> target.remove(ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())));
            case 3 -> target.set(UNKNOWN_NAMES.get(random.nextInt(UNKNOWN_NAMES.size())), hostile(random));
            default -> {
                JsonNode data = target.get("data");
                if (data instanceof ObjectNode object) {
                    object.set(random.nextBoolean() ? "total" : "x" + random.nextInt(5), hostile(random));
                } else {
                    target.set("data", hostile(random));
                }
            }
        }
        return body;
    }

    /** A value chosen to break something: wrong types, limits, injections, odd characters. */
    static JsonNode hostile(Random random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(30)) {
            case 0 -> nodes.textNode("");
            case 1 -> nodes.textNode(" ");
            case 2 -> nodes.textNode("\u0000");
            case 3 -> nodes.textNode("line\r\nX-Injected: yes");
            case 4 -> nodes.textNode("' OR '1'='1' --");
            case 5 -> nodes.textNode("<script>alert(1)</script>");
            case 6 -> nodes.textNode("${jndi:ldap://127.0.0.1/a}");
            case 7 -> nodes.textNode("\uD800");
            case 8 -> nodes.textNode("x".repeat(1 + random.nextInt(3000)));
            case 9 -> nodes.textNode("acme");
            case 10 -> nodes.textNode("globex");
            case 11 -> nodes.textNode("1.0");
            case 12 -> nodes.textNode("2024-02-30T10:00:00Z");
            case 13 -> nodes.numberNode(random.nextInt(2000) - 1000);
            case 14 -> nodes.numberNode(new BigDecimal("1e400"));
            case 15 -> nodes.numberNode(new BigDecimal("-1e-400"));
            case 16 -> nodes.numberNode(BigInteger.TEN.pow(999));
            case 17 -> nodes.numberNode(new BigDecimal("0.5"));
            case 18 -> nodes.numberNode(2147483648L);
            case 19 -> nodes.booleanNode(random.nextBoolean());
            case 20 -> nodes.nullNode();
            case 21 -> nodes.arrayNode();
            case 22 -> nodes.arrayNode().add(nodes.nullNode()).add("acme").add(1);
            case 23 -> nodes.objectNode();
            case 24 -> nodes.objectNode().set("$gt", nodes.numberNode(1));
            case 25 -> deep(1 + random.nextInt(190));
            case 26 -> nodes.textNode("\u202Eevil\uFEFF\u2028");
            case 27 -> nodes.textNode("😀".repeat(1 + random.nextInt(300)));
            case 28 -> nodes.textNode(String.valueOf((char) random.nextInt(0x20)));
            default -> nodes.textNode("/services/" + random.nextInt(100));
        };
    }
;
}
