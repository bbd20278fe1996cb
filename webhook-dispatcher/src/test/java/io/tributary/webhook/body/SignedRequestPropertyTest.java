package io.tributary.webhook.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.DeliverySerde;
import io.tributary.model.Delivery;
import io.tributary.model.Json;
import io.tributary.model.signing.WebhookHeaders;
import io.tributary.webhook.http.AttemptResult;
import io.tributary.webhook.http.SsrfGuard;
import io.tributary.webhook.http.WebhookClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Property test of what the dispatcher sends: seeded hostile event ids, subscription ids, data and templates (every
 * control character, CR/LF, characters beyond ASCII, lone surrogates, invalid UTF-8, ids of the longest length an
 * event may have), each decoded from record bytes and rendered and signed as the dispatcher does
 * ({@link DeliverySerde#decode}, {@link WebhookRequest#of}). Every request is checked as a strict receiver would:
 * header bytes are visible ASCII, {@code webhook-id} decodes back to the delivery id, the body is valid UTF-8 and
 * one JSON text (read with Jackson 3, not the Jackson 2 that wrote it) holding exactly the values of the event, and
 * the signature verifies with the official Standard Webhooks library and with a verifier written here from the
 * specification over raw bytes. One request in {@value #LOOPBACK_EVERY} also goes over loopback through the
 * dispatcher's HTTP client to a real HTTP server, which checks the bytes it received and verifies there.
 */
class SignedRequestPropertyTest {

    static final long SEED = 0x5EED_18_03L;
    static final int CASES = 3000;
    static final int LOOPBACK_EVERY = 10;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Characters that broke a sender somewhere: controls, separators, quotes, escapes, beyond ASCII, surrogates. */
    private static final int[] SPECIAL = {0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x20,
        0x22, 0x25, 0x2C, 0x2E, 0x3A, 0x5C, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xDF, 0xFC, 0x20AC, 0x2028, 0x2029, 0xFEFF,
        0xFFFD, 0xFFFF, 0x4E2D, 0x1F600, 0x1D11E, 0xD800, 0xDBFF, 0xDC00, 0xDFFF};
    /** Byte sequences no UTF-8 encoder writes. */
    private static final byte[][] INVALID_UTF8 = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80,
            (byte) 0x80, (byte) 0x80}, {(byte) 0xFC}, {(byte) 0x80}};
    private static final byte[] MARKER = "@@INVALID@@".getBytes(StandardCharsets.US_ASCII);
    /** Writes delivery records in ASCII, so lone surrogates reach the dispatcher as the JSON escapes a producer sends. */
    private static final ObjectMapper ASCII_WRITER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    /** The receiver's JSON parser: Jackson 3, strict about trailing tokens. */
    private static final tools.jackson.databind.ObjectMapper RECEIVER = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    enum Kind { DEFAULT, CLOUDEVENTS, TEMPLATE_QUOTED, TEMPLATE_BARE, TEMPLATE_RAW_CONTROL, TEMPLATE_UNESCAPED }

    /** One generated delivery and what its request must show. */
    /** One generated delivery and what its request must show; {@code mustSend} null when either outcome is right. */
    record Case(Kind kind, ObjectNode delivery, List<String> secrets, String expectedText, Boolean mustSend,
            boolean invalidUtf8, byte[] invalidBytes) {
    }

    private final WebhookBodies bodies = new WebhookBodies();
    /** What the loopback server saw, by request path. */
    private final Map<String, String> loopbackVerdicts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> loopbackBodies = new ConcurrentHashMap<>();
    private long loopbackNanos;

    @Test
    void shouldSendExactlyWhatIsSignedForEveryHostileDelivery() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        long start = System.nanoTime();
        long cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Map<String, Integer> counts = new LinkedHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::receive);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        try (WebhookClient client = new WebhookClient(new SsrfGuard(List.of("127.0.0.0/8")), 4)) {
            for (int i = 0; i < CASES; i++) {
                Case generated = generate(random, url);
                String outcome = run(generated, i % LOOPBACK_EVERY == 0 ? client : null, url + "/" + i);
                counts.merge(generated.kind() + " " + outcome, 1, Integer::sum);
                counts.merge(outcome, 1, Integer::sum);
            }
        } finally {
            server.stop(0);
        }
        System.out.printf("signing property test: seed %d, %d cases in %d ms (%d ms of it over loopback, %d ms of"
                + " CPU on the test thread): %s%n", SEED, CASES, (System.nanoTime() - start) / 1_000_000,
                loopbackNanos / 1_000_000, (java.lang.management.ManagementFactory.getThreadMXBean()
                        .getCurrentThreadCpuTime() - cpuStart) / 1_000_000, new java.util.TreeMap<>(counts));
        int sent = counts.getOrDefault("sent", 0) + counts.getOrDefault("loopback", 0);
        int refusedTemplate = counts.getOrDefault("refused-template", 0);
        int refusedRecord = counts.getOrDefault("refused-record", 0);
        assertThat(sent + refusedTemplate + refusedRecord).isEqualTo(CASES);
        // Every kind was exercised both ways where both are possible (run() asserts which cases must be sent).
        assertThat(counts.getOrDefault("TEMPLATE_RAW_CONTROL refused-template", 0)).isGreaterThan(100);
        assertThat(counts.getOrDefault("refused-record", 0)).isGreaterThan(50);
        assertThat(counts.getOrDefault("TEMPLATE_BARE sent", 0)).isGreaterThan(50);
        assertThat(counts.getOrDefault("TEMPLATE_BARE refused-template", 0)).isGreaterThan(50);
        assertThat(counts.getOrDefault("loopback", 0)).isGreaterThan(CASES / LOOPBACK_EVERY / 3);
        assertThat(loopbackVerdicts).hasSize(counts.get("loopback")).allSatisfy((path, verdict) ->
                assertThat(verdict).as("what the server saw at %s", path).isEqualTo("verified"));
        assertThat(sent).isGreaterThan(CASES / 2);
    }

    @Test
    void shouldEncodeIdsOfAnyLengthLosslessly() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 2000; i++) {
            String id = hostile(random, i % 100 == 0 ? 10_000 : 300);
            String messageId = WebhookHeaders.messageId(id);
            assertThat(messageId).matches("[!-~]+");
            assertThat(WebhookHeaders.deliveryId(messageId)).isEqualTo(id);
        }
    }

    /** Decodes, renders and signs one case as the dispatcher does, checks it as a receiver would; the outcome. */
    private String run(Case generated, WebhookClient client, String url) throws Exception {
        byte[] record = ASCII_WRITER.writeValueAsBytes(generated.delivery());
        if (generated.invalidUtf8()) {
            record = replace(record, MARKER, generated.invalidBytes());
        }
        Delivery delivery;
        try {
            delivery = DeliverySerde.decode(new ConsumerRecord<>("tributary.handler.webhook", 0, 0L, null, record));
        } catch (DeliveryFailure.Permanent refused) {
            // Invalid UTF-8, and a lone surrogate in a member name (which Jackson's byte parser refuses, as the router
            // does on its input), are dead-lettered with the parser's reason; nothing else is.
            assertThat(refused.getMessage()).startsWith("not a delivery");
            assertThat(generated.invalidUtf8() || refused.getMessage().contains("surrogate")
                    && refused.getMessage().contains("in field name")).as("a record refused: %s", refused.getMessage())
                    .isTrue();
            return "refused-record";
        }
        WebhookRequest request;
        try {
            request = WebhookRequest.of(bodies, delivery, Instant.now().getEpochSecond());
        } catch (WebhookBodies.BodyException refused) {
            assertThat(refused.getMessage()).startsWith("config.template rendered");
            assertThat(generated.mustSend()).as("%s refused: %s", generated.kind(), refused.getMessage())
                    .isNotEqualTo(Boolean.TRUE);
            return "refused-template";
        }
        assertThat(generated.mustSend()).as("%s sent", generated.kind()).isNotEqualTo(Boolean.FALSE);
        checkAsAReceiver(generated, delivery, request.headers(), request.body());
        if (client != null) {
            long posted = System.nanoTime();
            AttemptResult result = client.post(URI.create(url), request.headers(), request.body(),
                    Duration.ofSeconds(10)).join();
            loopbackNanos += System.nanoTime() - posted;
            String path = URI.create(url).getPath();
            assertThat(result.status()).as("answer at %s: %s", path, result.responseBody()).isEqualTo(204);
            assertThat(loopbackBodies.get(path)).isEqualTo(request.body());
            return "loopback";
        }
        return "sent";
    }

    private void checkAsAReceiver(Case generated, Delivery delivery, Map<String, String> headers, byte[] body)
            throws Exception {
        headers.forEach((name, value) -> {
            assertThat(name).matches(TOKEN);
            assertThat(headerProblem(value)).as("header %s", name).isNull();
        });
        String id = headers.get("webhook-id");
        assertThat(WebhookHeaders.deliveryId(id)).isEqualTo(delivery.deliveryId());
        String text = strictUtf8(body);
        JsonNode parsed = Json.mapper().readTree(body);
        assertThat(RECEIVER.readTree(body).isMissingNode()).isFalse();
        switch (generated.kind()) {
            case DEFAULT -> {
                assertThat(parsed.get("id").textValue()).isEqualTo(delivery.event().id());
                assertThat(parsed.get("new")).isEqualTo(delivery.event().data());
            }
            case CLOUDEVENTS -> assertThat(parsed).isEqualTo(delivery.event().toJson());
            case TEMPLATE_QUOTED -> assertThat(parsed.get("t").textValue()).isEqualTo(generated.expectedText()
                    .replace("@EVENT_ID@", delivery.event().id()));
            default -> assertThat(parsed).isNotNull();
        }
        Map<String, List<String>> received = new LinkedHashMap<>();
        headers.forEach((name, value) -> received.put(name, List.of(value)));
        for (String secret : generated.secrets()) {
            assertThatCode(() -> new Webhook(secret).verify(text, received)).as("official verification of %s", id)
                    .doesNotThrowAnyException();
            assertThat(verifiesBySpecification(secret, id, headers.get("webhook-timestamp"),
                    headers.get("webhook-signature"), body)).isTrue();
        }
    }

    /** The HTTP server's side: the bytes of every header, the body as UTF-8 and the signature. */
    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String verdict;
        try {
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                for (String value : header.getValue()) {
                    String problem = headerProblem(value);
                    if (problem != null) {
                        throw new IllegalStateException(header.getKey() + " " + problem);
                    }
                }
            }
            new Webhook(SECRETS.get(0)).verify(strictUtf8(body), exchange.getRequestHeaders());
            verdict = "verified";
        } catch (Exception e) {
            verdict = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        loopbackVerdicts.put(path, verdict);
        loopbackBodies.put(path, body);
        byte[] answer = verdict.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(verdict.equals("verified") ? 204 : 400, verdict.equals("verified") ? -1 : answer.length);
        if (!verdict.equals("verified")) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    /** Why a header value, as received (one char per byte), is not what a strict HTTP parser takes; null if it is. */
    static String headerProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean visible = c >= 0x21 && c <= 0x7E;
            boolean inner = (c == ' ' || c == '\t') && i > 0 && i < value.length() - 1;
            if (!visible && !inner) {
                return "holds U+" + Integer.toHexString(c) + " at " + i;
            }
        }
        return null;
    }

    /** Standard Webhooks, from the specification: HMAC-SHA256 over the bytes of {@code id.timestamp.body}. */
    static boolean verifiesBySpecification(String secret, String id, String timestamp, String signatures, byte[] body)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        return Arrays.asList(signatures.split(" ")).contains(expected);
    }

    static String strictUtf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    }

    // ---- generation ----

    /** Two secrets, as during a rotation; every case signs with the first, half of them with both. */
    private static final List<String> SECRETS = List.of(secret(32), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    private static String secret(int bytes) {
        byte[] key = new byte[bytes];
        new java.util.Random(SEED).nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static Case generate(SplittableRandom random, String url) {
        String eventId = hostile(random, random.nextInt(12) == 0 ? 256 : 40);
        String subscriptionId = random.nextInt(4) == 0 ? hostile(random, 40) : "sub_" + random.nextInt(1000);
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("s1", hostile(random, 60));
        data.put("s2", hostile(random, 60));
        // Member names too; a lone surrogate in one makes the record unreadable to Jackson's byte parser.
        for (int k = random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 0; k > 0; k--) {
            data.put(hostile(random, 12), hostile(random, 80));
        }
        boolean numeric = random.nextBoolean();
        if (numeric) {
            data.put("x", new java.math.BigDecimal(random.nextLong(-1_000_000, 1_000_000)).movePointLeft(
                    random.nextInt(4)));
        } else {
            data.put("x", hostile(random, 20));
        }
        data.putArray("list").add(hostile(random, 10)).add(random.nextInt()).addNull().add(true);
        boolean invalidUtf8 = random.nextInt(10) == 0;
        byte[] invalidBytes = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        if (invalidUtf8) {
            data.put("raw", "a" + new String(MARKER, StandardCharsets.US_ASCII) + "z");
        }
        ObjectNode event = Json.mapper().createObjectNode()
                .put("specversion", "1.0").put("id", eventId).put("source", "/services/" + hostile(random, 20))
                .put("type", "invoice.created").put("subject", hostile(random, 30)).put("tenant", hostile(random, 20));
        event.set("data", data);

        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        ObjectNode config = Json.mapper().createObjectNode().put("url", url);
        List<String> secrets = random.nextBoolean() ? SECRETS : SECRETS.subList(0, 1);
        if (secrets.size() == 1) {
            config.put("secret", secrets.get(0));
        } else {
            secrets.forEach(config.putArray("secret")::add);
        }
        ObjectNode headers = config.putObject("headers");
        for (int h = random.nextInt(3); h > 0; h--) {
            headers.put("X-" + (char) ('A' + random.nextInt(26)) + random.nextInt(100), headerValue(random));
        }
        String expected = null;
        Boolean mustSend = Boolean.TRUE;
        switch (kind) {
            case DEFAULT -> config.put("format", "default");
            case CLOUDEVENTS -> config.put("format", "cloudevents");
            case TEMPLATE_QUOTED -> {
                String a = literal(random);
                String b = literal(random);
                String c = literal(random);
                config.put("format", "template").put("template", "{\"t\": \"" + escaped(a) + "{{new.s1}}" + escaped(b)
                        + "{{id}}{{new.missing}}" + escaped(c) + "{{new.s2}}\", \"d\": \"{{deliveryId}}\"}");
                expected = a + data.get("s1").textValue() + b + "@EVENT_ID@" + c + data.get("s2").textValue();
            }
            case TEMPLATE_BARE -> {
                // A value outside a string is JSON when it is a number; a text there may not be.
                config.put("format", "template").put("template", "{\"x\": {{new.x}}, \"s\": \"{{new.s1}}\"}");
                mustSend = numeric ? Boolean.TRUE : null;
            }
            case TEMPLATE_RAW_CONTROL -> {
                config.put("format", "template").put("template", "{\"t\": \"" + escaped(literal(random))
                        + (char) random.nextInt(0x20) + "{{new.s1}}\"}");
                mustSend = Boolean.FALSE;
            }
            case TEMPLATE_UNESCAPED -> {
                config.put("format", "template").put("template", "{\"u\": \"{{{new.s1}}}\", \"list\": "
                        + "[{{#new.list}}\"{{.}}\",{{/new.list}}\"end\"]}");
                mustSend = null;
            }
            default -> throw new IllegalStateException();
        }
        ObjectNode subscription = Json.mapper().createObjectNode().put("id", subscriptionId)
                .put("name", "hook").put("type", "WEBHOOK");
        subscription.set("config", config);
        ObjectNode delivery = Json.mapper().createObjectNode()
                .put("deliveryId", Delivery.deliveryId(eventId, subscriptionId));
        delivery.set("subscription", subscription);
        delivery.set("event", event);
        return new Case(kind, delivery, secrets, expected, mustSend, invalidUtf8, invalidBytes);
    }

    /** A hostile text of 1 to {@code max} chars: visible ASCII, known troublemakers, controls, any code point. */
    static String hostile(SplittableRandom random, int max) {
        int length = random.nextInt(10) == 0 ? max : 1 + random.nextInt(Math.min(max, 24));
        StringBuilder text = new StringBuilder(length + 2);
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) random.nextInt(0x21, 0x7F));
                case 1 -> text.appendCodePoint(SPECIAL[random.nextInt(SPECIAL.length)]);
                case 2 -> text.append((char) random.nextInt(0x20));
                default -> text.appendCodePoint(random.nextInt(0x110000));
            }
        }
        text.setLength(length);
        return text.toString();
    }

    /** Template text inside a JSON string: hostile, without Mustache's braces. */
    private static String literal(SplittableRandom random) {
        return hostile(random, 20).replace("{", "(").replace("}", ")");
    }

    /** A text as the inside of a JSON string literal, escaped by Jackson 2 as a template author's tool would. */
    private static String escaped(String text) {
        String literal = Json.write(TextNode.valueOf(text));
        return literal.substring(1, literal.length() - 1);
    }

    private static String headerValue(SplittableRandom random) {
        StringBuilder value = new StringBuilder();
        for (int i = 1 + random.nextInt(30); i > 0; i--) {
            value.append(random.nextInt(8) == 0 ? ' ' : (char) random.nextInt(0x21, 0x7F));
        }
        return value.toString().strip();
    }

    private static byte[] replace(byte[] bytes, byte[] marker, byte[] with) {
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                byte[] out = new byte[bytes.length - marker.length + with.length];
                System.arraycopy(bytes, 0, out, 0, i);
                System.arraycopy(with, 0, out, i, with.length);
                System.arraycopy(bytes, i + marker.length, out, i + with.length, bytes.length - i - marker.length);
                return out;
            }
        }
        throw new IllegalStateException("no marker");
    }
}
