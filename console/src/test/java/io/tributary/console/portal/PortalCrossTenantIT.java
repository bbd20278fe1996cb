package io.tributary.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.ConsoleTestProperties;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every portal route, found from Spring's handler mappings, tried by tenant acme's portal session against tenant
 * globex's endpoint, delivery and dead letter (their ids as parameters, the session's valid anti-forgery token on
 * every form): each answers with nothing of globex's (no name, URL, host, secret or payload in the body or the
 * redirect) and changes nothing of globex's (its subscription, handler topic, redrive ledger and events are as they
 * were). Forms without the session's token change nothing; a portal session opens neither the console nor the link
 * API; a tenant key cannot issue links.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PortalCrossTenantIT {

    static final String ADMIN_KEY = "cross-admin-key-0123456789";
    static final String ACME_KEY = "cross-acme-key-0123456789";
    static final String GLOBEX_KEY = "cross-globex-key-0123456789";
    static final String HANDLER = "px.handler.webhook";
    static final String DLT = "px.handler.webhook-dlt";
    static final String GLOBEX_SECRET = "whsec_Z2xvYmV4LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";
    static final String GLOBEX_SUBSCRIPTION = "sub_g1";
    static final String GLOBEX_DELIVERY = "evt_g1:sub_g1";
    static final String GLOBEX_DEAD_LETTER = DLT + "/0:0";
    static final String ACME_SUBSCRIPTION = "sub_a1";
    /** What no answer to acme may hold: globex's name, endpoint host, URL path, secret and payload. */
    static final List<String> GLOBEX_DATA = List.of("globex", "hooks.gx.example", "/in/gx-7731", GLOBEX_SECRET,
            "Z2xvYmV4", "payload-77319");
    static final String GLOBEX_SUBSCRIPTION_JSON = """
            {"id": "sub_g1", "name": "globex orders", "tenant": "globex", "eventType": "order.*", "type": "WEBHOOK",
             "config": {"url": "https://hooks.gx.example/in/gx-7731", "secret": "%s"}, "active": true}"""
            .formatted(GLOBEX_SECRET);
    static PostgresDatabase db;
    static KafkaCluster kafka;
    static boolean recorded;

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("portal_cross");
        kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "px.events", HANDLER, "px.deliveries", DLT);
        kafka.createCompactedTopic("px.subscriptions", 1);
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "px");
        registry.add("tributary.console.group-id", () -> "px-console");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, ACME_KEY, "acme");
        ConsoleTestProperties.tenantKey(registry, 2, GLOBEX_KEY, "globex");
    }

    /** Globex's endpoint, a delivery of it with its attempt, and its dead letter; acme's own endpoint. */
    @BeforeEach
    void recordsOnce() throws Exception {
        if (recorded) {
            return;
        }
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("specversion", "1.0").put("id", "evt_g1").put("source", "/services/gx").put("type", "order.paid")
                .put("time", Instant.now().toString()).put("tenant", "globex").put("depth", 0);
        event.putObject("data").put("reference", "payload-77319");
        ObjectNode delivery = Json.mapper().createObjectNode();
        delivery.put("deliveryId", GLOBEX_DELIVERY);
        delivery.set("subscription", Json.parse(GLOBEX_SUBSCRIPTION_JSON));
        ((ObjectNode) delivery.get("subscription")).remove(List.of("eventType", "active"));
        delivery.set("event", event);
        ObjectNode attempt = Json.mapper().createObjectNode();
        attempt.put("deliveryId", GLOBEX_DELIVERY).put("subscriptionId", GLOBEX_SUBSCRIPTION)
                .put("subscriptionName", "globex orders").put("tenant", "globex").put("eventId", "evt_g1")
                .put("eventType", "order.paid").put("endpointHost", "hooks.gx.example").put("attempt", 1)
                .put("outcome", "DEAD_LETTERED").put("httpStatus", 503).put("latencyMs", 20)
                .put("responseBody", "globex is down").put("at", Instant.now().toString());
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REASON_CODE, "RETRIES_EXHAUSTED");
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REASON, "globex answered 503");
        DeadLetterHeaders.writeOrigin(headers, HANDLER, 0, 0, Instant.now().toEpochMilli());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("px.events", "globex//services/gx/evt_g1", Json.write(event))).get();
            producer.send(new ProducerRecord<>(HANDLER, "sub_g1/evt_g1", Json.write(delivery))).get();
            producer.send(new ProducerRecord<>("px.deliveries", GLOBEX_DELIVERY, Json.write(attempt))).get();
            producer.send(new ProducerRecord<>(DLT, null, "sub_g1/evt_g1", Json.write(delivery), headers)).get();
            producer.send(new ProducerRecord<>("px.subscriptions", GLOBEX_SUBSCRIPTION, GLOBEX_SUBSCRIPTION_JSON))
                    .get();
            producer.send(new ProducerRecord<>("px.subscriptions", ACME_SUBSCRIPTION, """
                    {"id": "sub_a1", "name": "acme invoices", "tenant": "acme", "eventType": "invoice.*",
                     "type": "WEBHOOK", "config": {"url": "https://acme.example/hooks",
                     "secret": "whsec_YWNtZS1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZg=="}, "active": true}""")).get();
        }
        // The broker is shared with the module's other tests, and the ledger follows every dead-letter topic: only
        // this test's own rows are counted.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("attempts WHERE tenant = 'globex'") == 1
                && count("deliveries WHERE tenant = 'globex'") == 1 && count("events WHERE tenant = 'globex'") == 1
                && count("dead_letters WHERE topic = '" + DLT + "'") == 1);
        recorded = true;
    }

    @Test
    void shouldAnswerNothingOfAnotherTenantOnAnyPortalRoute() throws Exception {
        Map<String, String> routes = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/portal"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(verb -> routes.put(verb.name() + " " + p,
                        p))));
        assertThat(routes.keySet()).as("every portal route; a new one is tried here once it is listed")
                .containsExactlyInAnyOrder("GET /portal", "GET /portal/", "GET /portal/login", "POST /portal/login",
                        "GET /portal/open", "POST /portal/logout", "GET /portal/endpoints", "GET /portal/endpoints/new",
                        "POST /portal/endpoints/new", "GET /portal/endpoints/edit", "POST /portal/endpoints/edit",
                        "POST /portal/endpoints/pause", "POST /portal/endpoints/resume",
                        "POST /portal/endpoints/rotate", "POST /portal/endpoints/test", "GET /portal/deliveries",
                        "GET /portal/delivery", "POST /portal/delivery/resend", "GET /portal/dead-letters",
                        "POST /portal/dead-letters/redrive");
        String before = subscription(GLOBEX_SUBSCRIPTION);
        int handlerRecords = kafka.readAll(HANDLER).size();

        List<String> tried = new ArrayList<>();
        for (Map<String, String> parameters : List.of(
                Map.of("id", GLOBEX_SUBSCRIPTION), Map.of("id", GLOBEX_DELIVERY),
                Map.of("position", GLOBEX_DEAD_LETTER, "subscription", GLOBEX_SUBSCRIPTION),
                Map.of("tenant", "globex", "name", "taken", "url", "https://acme.example/2",
                        "eventType", "order.*", "subscription", GLOBEX_SUBSCRIPTION))) {
            Session acme = Session.signIn(port, ACME_KEY);
            for (Map.Entry<String, String> route : routes.entrySet()) {
                String verb = route.getKey().split(" ")[0];
                String path = route.getValue();
                if (path.equals("/portal/logout") || path.equals("/portal/login") && verb.equals("POST")) {
                    continue; // they end or replace the session under test; tried below
                }
                HttpResponse<String> answer = acme.send(verb, path, parameters, true);
                String what = route.getKey() + " " + parameters;
                assertThat(answer.statusCode()).as(what).isIn(200, 302, 400, 403, 404);
                String location = answer.headers().firstValue("Location").orElse("");
                for (String data : GLOBEX_DATA) {
                    assertThat(answer.body()).as(what + " body").doesNotContainIgnoringCase(data);
                    assertThat(location).as(what + " redirect").doesNotContainIgnoringCase(data);
                }
                if (parameters.containsKey("id") && (path.startsWith("/portal/endpoints/") && !path.endsWith("/new")
                        || path.startsWith("/portal/delivery"))) {
                    assertThat(answer.statusCode()).as(what + ": another tenant's is as if it did not exist")
                            .isEqualTo(404);
                }
                tried.add(what);
            }
            assertThat(acme.send("GET", "/portal/endpoints", Map.of(), false).statusCode())
                    .as("the session stayed signed in, so every answer above was to acme's session").isEqualTo(200);
        }
        assertThat(tried).hasSize(4 * (routes.size() - 2));

        assertThat(subscription(GLOBEX_SUBSCRIPTION)).as("globex's endpoint is unchanged").isEqualTo(before);
        assertThat(kafka.readAll(HANDLER)).as("nothing of globex's was resent or redriven").hasSize(handlerRecords);
        assertThat(kafka.readAll("px.dlt-redrives")).as("no redrive recorded").isEmpty();
        assertThat(kafka.readAll("px.events")).extracting(r -> Json.parse(r.value()).get("tenant").asText())
                .as("no event sent as globex").containsExactly("globex");
    }

    @Test
    void shouldShowATenantOnlyItsOwnEndpointsDeliveriesAndDeadLetters() throws Exception {
        Session globex = Session.signIn(port, GLOBEX_KEY);
        assertThat(globex.send("GET", "/portal/endpoints", Map.of(), false).body())
                .contains("globex orders", "whsec_…ZGVm").doesNotContain("acme invoices", GLOBEX_SECRET);
        assertThat(globex.send("GET", "/portal/deliveries", Map.of(), false).body()).contains(GLOBEX_DELIVERY);
        assertThat(globex.send("GET", "/portal/dead-letters", Map.of(), false).body()).contains(GLOBEX_DELIVERY,
                "globex answered 503");

        Session acme = Session.signIn(port, ACME_KEY);
        String endpoints = acme.send("GET", "/portal/endpoints", Map.of(), false).body();
        assertThat(endpoints).contains("acme invoices").doesNotContain(GLOBEX_SUBSCRIPTION);
        assertThat(acme.send("GET", "/portal/deliveries", Map.of(), false).body()).contains("No deliveries match.")
                .doesNotContain(GLOBEX_DELIVERY);
        assertThat(acme.send("GET", "/portal/dead-letters", Map.of(), false).body()).contains("No dead letters")
                .doesNotContain(GLOBEX_DELIVERY);
        HttpResponse<String> byTenant = acme.send("GET", "/portal/deliveries", Map.of("tenant", "globex"), false);
        assertThat(byTenant.body()).contains("is not a field of this search").doesNotContain(GLOBEX_DELIVERY);
    }

    @Test
    void shouldChangeNothingForAFormWithoutTheSessionsToken() throws Exception {
        Session acme = Session.signIn(port, ACME_KEY);
        String before = subscription(ACME_SUBSCRIPTION);
        for (String path : List.of("/portal/endpoints/pause", "/portal/endpoints/rotate", "/portal/endpoints/edit")) {
            HttpResponse<String> forged = acme.send("POST", path, Map.of("id", ACME_SUBSCRIPTION, "name", "forged",
                    "url", "https://evil.example/", "eventType", "invoice.*"), false);
            assertThat(forged.statusCode()).as(path).isEqualTo(403);
            assertThat(forged.body()).contains("nothing was changed");
        }
        assertThat(subscription(ACME_SUBSCRIPTION)).isEqualTo(before);
        HttpResponse<String> logout = acme.send("POST", "/portal/logout", Map.of(), false);
        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(acme.send("GET", "/portal/endpoints", Map.of(), false).statusCode()).as("still signed in")
                .isEqualTo(200);
    }

    @Test
    void shouldKeepThePortalSessionOutOfTheConsoleAndTheLinkApi() throws Exception {
        Session acme = Session.signIn(port, ACME_KEY);
        HttpResponse<String> console = acme.send("GET", "/console/overview", Map.of(), false);
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/console/login"));

        HttpClient http = HttpClient.newHttpClient();
        for (String key : new String[] {null, ACME_KEY}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/v1/portal-links")).POST(HttpRequest.BodyPublishers.ofString("{\"tenant\": \"globex\"}"));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(key == null ? 401 : 403);
            assertThat(answer.body()).doesNotContain("token");
        }
        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/portal-links")).header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\": \"a|b\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(400);
        assertThat(Json.parse(admin.body()).get("details").get(0).get("path").asText()).isEqualTo("tenant");

        HttpResponse<String> admitted = new Session(port).send("POST", "/portal/login", Map.of("key", ADMIN_KEY),
                true);
        assertThat(admitted.statusCode()).as("an admin key is not a tenant's").isEqualTo(401);
        assertThat(admitted.body()).contains("The portal is a tenant&#39;s");
    }

    /**
     * Every console page and every API route, found from the handler mappings (so a route added later is tried too),
     * asked by no one, by tenant acme's API key and by acme's portal session (with its anti-forgery token, and
     * globex's ids as parameters): a page leads to the console's sign-in, an API route answers 401 or 403, and no
     * answer holds anything of globex's; nothing of globex's changes.
     */
    @Test
    void shouldRefuseEveryConsoleAndApiRouteToATenantAndToNoOne() throws Exception {
        Map<String, String> routes = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/console") || p.startsWith("/v1/"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(verb -> routes.put(verb.name() + " "
                        + p, p.replaceAll("\\{[^}]+}", "globex")))));
        // The sign-in itself, and the console's home, which only leads to the overview.
        routes.keySet().removeAll(List.of("GET /console/login", "POST /console/login", "GET /console",
                "GET /console/"));
        assertThat(routes).as("the console's pages and APIs").containsKeys("GET /console/overview",
                "GET /console/deliveries", "POST /console/dead-letters/redrive", "GET /v1/deliveries",
                "POST /v1/portal-links", "POST /v1/ledger/expunge");
        String before = subscription(GLOBEX_SUBSCRIPTION);
        int handlerRecords = kafka.readAll(HANDLER).size();
        long events = count("events");
        Session portal = Session.signIn(port, ACME_KEY);
        Session nobody = new Session(port);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> parameters = Map.of("id", GLOBEX_DELIVERY, "position", GLOBEX_DEAD_LETTER, "tenant",
                "globex", "subscription", GLOBEX_SUBSCRIPTION);
        int tried = 0;
        for (Map.Entry<String, String> route : routes.entrySet()) {
            String verb = route.getKey().split(" ")[0];
            String path = route.getValue();
            boolean page = path.startsWith("/console");
            List<HttpResponse<String>> answers = new ArrayList<>();
            answers.add(portal.send(verb, path, parameters, true));
            answers.add(nobody.send(verb, path, parameters, true));
            for (String key : new String[] {ACME_KEY, null}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path
                        + "?tenant=globex&id=" + URLEncoder.encode(GLOBEX_DELIVERY, StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .method(verb, verb.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{\"tenant\": \"globex\"}"))
                        .timeout(Duration.ofSeconds(30));
                if (key != null) {
                    request.header("Authorization", "Bearer " + key);
                }
                answers.add(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (HttpResponse<String> answer : answers) {
                String what = route.getKey() + " (" + answer.request().headers().firstValue("Authorization")
                        .map(a -> "acme's key").orElse("no key") + ")";
                if (page) {
                    assertThat(answer.statusCode()).as(what).isEqualTo(302);
                    assertThat(answer.headers().firstValue("Location")).as(what).hasValueSatisfying(l ->
                            assertThat(l).endsWith("/console/login"));
                } else {
                    assertThat(answer.statusCode()).as(what).isIn(401, 403);
                }
                for (String data : GLOBEX_DATA) {
                    assertThat(answer.body()).as(what + " body").doesNotContainIgnoringCase(data);
                }
                tried++;
            }
        }
        assertThat(tried).isEqualTo(4 * routes.size());
        assertThat(subscription(GLOBEX_SUBSCRIPTION)).as("globex's endpoint is unchanged").isEqualTo(before);
        assertThat(kafka.readAll(HANDLER)).as("nothing was resent or redriven").hasSize(handlerRecords);
        assertThat(count("events")).as("nothing was expunged").isEqualTo(events);
    }

    private static String subscription(String id) {
        List<ConsumerRecord<String, String>> all = kafka.readAll("px.subscriptions");
        return all.stream().filter(r -> r.key().equals(id)).reduce((a, b) -> b).orElseThrow().value();
    }

    private static long count(String table) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM tributary_console." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A browser's cookie jar and the session's anti-forgery token, over plain HTTP. */
    static final class Session {

        private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");
        private final int port;
        private final HttpClient http;
        private String csrf;

        Session(int port) throws Exception {
            this.port = port;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            readCsrf(send("GET", "/portal/login", Map.of(), false).body());
        }

        static Session signIn(int port, String key) throws Exception {
            Session session = new Session(port);
            HttpResponse<String> signedIn = session.send("POST", "/portal/login", Map.of("key", key), true);
            assertThat(signedIn.statusCode()).isEqualTo(302);
            session.readCsrf(session.send("GET", "/portal/endpoints", Map.of(), false).body());
            return session;
        }

        private void readCsrf(String page) {
            Matcher m = CSRF.matcher(page);
            assertThat(m.find()).as("the page's anti-forgery token").isTrue();
            csrf = m.group(1);
        }

        HttpResponse<String> send(String verb, String path, Map<String, String> parameters, boolean withCsrf)
                throws Exception {
            StringBuilder form = new StringBuilder();
            Map<String, String> all = new TreeMap<>(parameters);
            if (withCsrf && verb.equals("POST")) {
                all.put("csrf", csrf);
            }
            all.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            HttpRequest.Builder request;
            if (verb.equals("GET") || verb.equals("DELETE")) {
                request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path
                        + (form.isEmpty() ? "" : "?" + form))).method(verb, HttpRequest.BodyPublishers.noBody());
            } else {
                request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .method(verb, HttpRequest.BodyPublishers.ofString(form.toString()));
            }
            request.timeout(Duration.ofSeconds(30));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
