package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's operations screens in a real browser, over one console, broker, database and browser: the overview's
 * chart of the last hour per minute and its consumer lag, quarantine and capture (the router and the capture are
 * not running here, so those say why they are unknown), API keys created (shown once) and revoked, a replay counted
 * exactly and run, and the tables screen's message when the capture cannot be reached. Screenshots under
 * {@code target/screenshots}.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOperationsPageIT {

    static final String ADMIN_KEY = "ops-admin-key-0123456789abc";
    static final String TENANT_KEY = "ops-tenant-key-0123456789ab";
    /** Nothing listens on port 1 of loopback: the router and the capture are not reachable. */
    static final String NOWHERE = "http://127.0.0.1:1";
    /** The minute whose records the chart shows, ten minutes ago. */
    static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    static PostgresDatabase db;
    static KafkaCluster kafka;
    static WebDriver browser;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_ops");
        kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "ops.events", "ops.handler.webhook", "ops.deliveries", "ops.tx");
        kafka.createTopics(3, "ops.orders");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "ops");
        registry.add("tributary.console.group-id", () -> "ops-console");
        registry.add("tributary.console.capture-url", () -> NOWHERE);
        registry.add("tributary.console.router-url", () -> NOWHERE);
        registry.add("tributary.api.key-store", () -> "ops.api-keys");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, TENANT_KEY, "co_ops");
    }

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open(java.time.ZoneId.of("UTC"), 1500, 1100);
    }

    @AfterAll
    static void closeBrowser() {
        Browser.close(browser);
    }

    /**
     * Six events in one minute, each delivered once: four attempts delivered (10 to 40 ms), two answered 503 (50 and
     * 60 ms). A router's group has read two of the six events.
     */
    @Test
    @Order(1)
    void shouldChartTheLastHourPerMinuteAndShowEachGroupsLag() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                ObjectNode event = LedgerFixtures.applicationEvent("evt_ops_" + i, "co_ops", "invoice.paid",
                        Json.mapper().createObjectNode().put("n", i), MINUTE.plusSeconds(5L * i));
                ObjectNode delivery = LedgerFixtures.delivery(event, "sub_ops", "co_ops", "https://ops.example/hook");
                boolean fails = i >= 4;
                producer.send(new ProducerRecord<>("ops.events", "co_ops/evt_ops_" + i, Json.write(event))).get();
                producer.send(new ProducerRecord<>("ops.handler.webhook", "sub_ops/evt_ops_" + i,
                        Json.write(delivery))).get();
                producer.send(new ProducerRecord<>("ops.deliveries", delivery.get("deliveryId").asText(),
                        Json.write(LedgerFixtures.attempt(delivery, 1, fails ? "RETRY" : "DELIVERED",
                                fails ? 503 : 200, 10L * (i + 1), MINUTE.plusSeconds(5L * i + 1))))).get();
            }
        }
        commit("ops-router", "ops.events", 2);
        // A transactional producer's three records take offsets 0 to 2 and its commit marker offset 3: a group that
        // read all three is not behind, one that read the first is two records behind.
        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ops-tx"), new StringSerializer(), new StringSerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (int i = 0; i < 3; i++) {
                transactional.send(new ProducerRecord<>("ops.tx", 0, "k" + i, "{}"));
            }
            transactional.commitTransaction();
        }
        commit("ops-tx-read", "ops.tx", 3);
        commit("ops-tx-behind", "ops.tx", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("attempts WHERE tenant = 'co_ops'") == 6
                && count("events WHERE tenant = 'co_ops'") == 6 && count("deliveries WHERE tenant = 'co_ops'") == 6);

        signIn("/overview");
        WebElement chart = browser.findElement(By.id("throughput-chart"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(chart.getAttribute("data-drawn")));
        assertThat(chart.getAttribute("data-points")).isEqualTo("60");
        assertThat(chart.getSize().getWidth()).as("the chart is drawn, its script allowed").isGreaterThan(300);
        assertThat(browser.findElement(By.id("quality-chart")).getAttribute("data-drawn")).isEqualTo("true");
        JsonNode series = Json.parse(chart.getAttribute("data-series"));
        assertThat(series).hasSize(60);
        JsonNode point = null;
        for (JsonNode p : series) {
            if (p.get("minute").asText().equals(MINUTE.toString())) {
                point = p;
            }
        }
        assertThat(point).as("the minute of the records").isNotNull();
        assertThat(point.get("events").asLong()).isEqualTo(6);
        assertThat(point.get("deliveries").asLong()).isEqualTo(6);
        assertThat(point.get("eventsPerSecond").asDouble()).isEqualTo(0.1);
        assertThat(point.get("deliveriesPerSecond").asDouble()).isEqualTo(0.1);
        assertThat(point.get("successRate").asDouble()).isEqualTo(0.6667);
        assertThat(point.get("p99LatencyMs").asLong()).isEqualTo(60);
        JsonNode before = series.get(0);
        assertThat(before.get("events").asLong()).isZero();
        assertThat(before.get("successRate").isNull()).isTrue();

        WebElement router = browser.findElement(By.id("lag-ops-router"));
        assertThat(router.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("ops-router", "4", "4", "1");
        assertThat(browser.findElement(By.id("quarantine-unknown")).getText()).startsWith(
                "Unknown: the router is not reachable at " + NOWHERE);
        assertThat(browser.findElement(By.id("capture-unknown")).getText()).startsWith(
                "Unknown: the capture-service is not reachable at " + NOWHERE);
        Browser.screenshot(browser, "console-overview.png");

        JsonNode status = Json.parse(api("GET", "/v1/status", ADMIN_KEY, null).body());
        JsonNode routerLag = null;
        for (JsonNode group : status.path("consumerLag").path("groups")) {
            if (group.get("group").asText().equals("ops-router")) {
                routerLag = group;
            }
        }
        assertThat(routerLag).isNotNull();
        assertThat(routerLag.get("lag").asLong()).isEqualTo(4);
        Map<String, Long> lags = new java.util.HashMap<>();
        status.path("consumerLag").path("groups").forEach(g -> lags.put(g.get("group").asText(), g.get("lag").asLong()));
        assertThat(lags).as("a commit marker is not a record behind").containsEntry("ops-tx-read", 0L)
                .containsEntry("ops-tx-behind", 2L);
        assertThat(status.path("quarantined").path("known").asBoolean()).isFalse();
        assertThat(status.path("capture").path("reason").asText()).startsWith(
                "the capture-service is not reachable at " + NOWHERE);
    }

    @Test
    @Order(2)
    void shouldCreateAKeyShownOnceAndRevokeItAfterConfirming() throws Exception {
        signIn("/api-keys");
        browser.findElement(By.id("scope-tenant")).click();
        Browser.follow(browser, browser.findElement(By.id("create")));
        awaitPage("/api-keys");
        assertThat(browser.findElement(By.id("tenant-error")).getText()).isEqualTo("is required for a tenant key");

        browser.findElement(By.id("tenant")).sendKeys("co_keys");
        browser.findElement(By.id("description")).sendKeys("billing service");
        Browser.follow(browser, browser.findElement(By.id("create")));
        WebElement shown = await().atMost(Duration.ofSeconds(10)).until(
                () -> browser.findElements(By.id("created-key")), found -> !found.isEmpty()).get(0);
        String key = shown.getText();
        String id = browser.findElement(By.id("created-id")).getText();
        assertThat(key).matches("trb_[0-9a-f]{48}");
        WebElement row = browser.findElement(By.id("key-" + id));
        assertThat(row.findElements(By.tagName("td")).subList(0, 3)).extracting(WebElement::getText)
                .containsExactly(id, "tenant co_keys", "billing service");
        Browser.screenshot(browser, "console-api-keys.png");
        await().atMost(Duration.ofSeconds(15)).until(() -> api("GET", "/v1/api-keys", key, null).statusCode() == 403);

        browser.get(console() + "/api-keys");
        assertThat(browser.findElements(By.id("created-key"))).as("a key is shown only once").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(key);
        Browser.follow(browser, browser.findElement(By.id("key-" + id)).findElement(By.className("revoke")));
        awaitPage("/api-keys/revoke?id=" + id);
        assertThat(browser.findElement(By.className("plan")).getText()).startsWith("The key of tenant co_keys"
                + " (billing service) stops working on every service within seconds.");
        Browser.follow(browser, browser.findElement(By.id("confirm-revoke")));
        awaitPage("/api-keys");
        assertThat(browser.findElement(By.id("flash")).getText()).startsWith("Revoked " + id + " at ");
        assertThat(browser.findElement(By.id("key-" + id)).getAttribute("class")).contains("revoked");
        await().atMost(Duration.ofSeconds(15)).until(() -> api("GET", "/v1/api-keys", key, null).statusCode() == 401);

        HttpResponse<String> created = api("POST", "/v1/api-keys", ADMIN_KEY, "{\"admin\": true}");
        assertThat(created.statusCode()).isEqualTo(201);
        String adminId = Json.parse(created.body()).get("id").asText();
        String adminKey = Json.parse(created.body()).get("key").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> api("GET", "/v1/api-keys", adminKey, null)
                .statusCode() == 200);
        HttpResponse<String> refused = api("POST", "/v1/api-keys", ADMIN_KEY, "{\"admin\": \"yes\", \"scope\": 1}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Json.parse(refused.body()).get("details")).extracting(d -> d.get("path").asText() + ": "
                + d.get("reason").asText()).containsExactly("scope: unknown field; expected one of tenant, admin,"
                + " description", "admin: must be true or false");
        HttpResponse<String> notAnObject = api("POST", "/v1/api-keys", ADMIN_KEY, "[\"co_keys\"]");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(Json.parse(notAnObject.body()).get("error").asText()).isEqualTo("the body must be a JSON object"
                + " such as {\"tenant\": \"acme\", \"description\": \"billing service\"} or {\"admin\": true}");
        HttpResponse<String> tooLarge = api("POST", "/v1/api-keys", ADMIN_KEY, "{\"description\": \""
                + "x".repeat(16 * 1024) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Json.parse(tooLarge.body()).get("error").asText()).isEqualTo("the body is 16403 bytes; at most"
                + " 16384 are accepted");
        // A console session signed in with the admin key ends once the key is revoked.
        HttpClient session = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"")
                .matcher(session.send(HttpRequest.newBuilder(URI.create(console() + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(console() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "key=" + adminKey + "&csrf=" + csrf.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/console/overview"));
        HttpRequest overview = HttpRequest.newBuilder(URI.create(console() + "/overview")).build();
        assertThat(session.send(overview, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = api("DELETE", "/v1/api-keys/" + adminId, ADMIN_KEY, null);
        assertThat(Json.parse(revoked.body()).get("revokedAt").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> after = session.send(overview, HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(302);
            assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/console/login"));
        });
        assertThat(api("DELETE", "/v1/api-keys/key_nosuchkey", ADMIN_KEY, null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/v1/api-keys", TENANT_KEY, null).statusCode()).isEqualTo(403);
    }

    /**
     * 17 records on three partitions of ops.orders: 4 before the range, 10 in it (5, 3 and 2 per partition), 3 after.
     * The dry run counts exactly the 10, per partition; the run replays exactly them into ops.orders-replay.
     */
    @Test
    @Order(3)
    void shouldCountAReplayExactlyThenRunItIntoATopic() throws Exception {
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        Instant t2 = t1.plus(Duration.ofMinutes(10));
        int[] inRange = {5, 3, 2};
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>("ops.orders", p, t1.minusSeconds(60 + p).toEpochMilli(),
                        "before-" + p, "{}")).get();
            }
            producer.send(new ProducerRecord<>("ops.orders", 0, t1.minusSeconds(1).toEpochMilli(), "before-x", "{}"))
                    .get();
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < inRange[p]; i++) {
                    producer.send(new ProducerRecord<>("ops.orders", p, t1.plusSeconds(30L * i).toEpochMilli(),
                            "order-" + p + "-" + i, "{\"n\": " + i + "}")).get();
                }
            }
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>("ops.orders", p, t2.plusSeconds(p).toEpochMilli(), "after-" + p,
                        "{}")).get();
            }
        }
        signIn("/replays");
        browser.findElement(By.id("topic")).sendKeys("ops.orders");
        browser.findElement(By.id("from")).sendKeys(t1.toString());
        Browser.follow(browser, browser.findElement(By.id("dry-run")));
        awaitPath("/replays/plan");
        assertThat(browser.findElement(By.id("error-into")).getText()).isEqualTo("into: is required: the topic the"
                + " records are re-published into");
        browser.findElement(By.id("to")).sendKeys(t2.toString());
        browser.findElement(By.id("into")).sendKeys("ops.orders-replay");
        Browser.follow(browser, browser.findElement(By.id("dry-run")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("records")).isEmpty());
        assertThat(browser.findElement(By.id("records")).getText()).isEqualTo("10");
        assertThat(texts(browser.findElements(By.cssSelector("#partitions tbody tr")))).containsExactly(
                "0 2 7 5", "1 1 4 3", "2 1 3 2");
        Browser.screenshot(browser, "console-replays.png");

        Browser.follow(browser, browser.findElement(By.id("run")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("back")).isEmpty());
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("Done");
        assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo(
                "10 of 10 replayed into ops.orders-replay.");
        Browser.screenshot(browser, "console-replay-done.png");
        List<String> replayed = new ArrayList<>();
        kafka.readAll("ops.orders-replay").forEach(r -> replayed.add(r.partition() + " " + r.key() + " "
                + new String(r.headers().lastHeader("tributary-replayed-from").value(),
                        java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(replayed).containsExactlyInAnyOrder("0 order-0-0 ops.orders/0/2", "0 order-0-1 ops.orders/0/3",
                "0 order-0-2 ops.orders/0/4", "0 order-0-3 ops.orders/0/5", "0 order-0-4 ops.orders/0/6",
                "1 order-1-0 ops.orders/1/1", "1 order-1-1 ops.orders/1/2", "1 order-1-2 ops.orders/1/3",
                "2 order-2-0 ops.orders/2/1", "2 order-2-1 ops.orders/2/2");

        Browser.follow(browser, browser.findElement(By.id("back")));
        awaitPath("/replays");
        assertThat(browser.findElement(By.cssSelector("#replays tbody tr td.state")).getText()).isEqualTo("DONE");
        JsonNode dryRun = Json.parse(api("POST", "/v1/replays?topic=ops.orders&dryRun=true&into=x&from="
                + t1 + "&to=" + t2, ADMIN_KEY, null).body());
        assertThat(dryRun.get("records").asLong()).isEqualTo(10);
        HttpResponse<String> refused = api("POST", "/v1/replays?topic=ops.nothing&into=x&from=" + t1, ADMIN_KEY,
                null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Json.parse(refused.body()).get("details").get(0).get("path").asText()).isEqualTo("topic");
        assertThat(api("GET", "/v1/replays", ADMIN_KEY, null).body()).contains("\"written\":10");
    }

    /** The capture is not running: the tables screen says so and where it looked, and an attach changes nothing. */
    @Test
    @Order(4)
    void shouldSayThatTheCaptureCannotBeReachedOnTheTablesScreen() throws Exception {
        signIn("/tables");
        assertThat(browser.findElement(By.id("capture-unreachable")).getText()).isEqualTo("The capture-service"
                + " cannot be asked: cannot reach the capture API at " + NOWHERE + "/: connection refused. Start it,"
                + " or point tributary.console.capture-url (now " + NOWHERE + ") at it.");
        Browser.follow(browser, browser.findElement(By.id("attach")));
        awaitPath("/tables");
        assertThat(browser.findElement(By.id("name-error")).getText()).isEqualTo("is required: the table as"
                + " schema.table, such as public.orders");
        browser.findElement(By.id("name")).sendKeys("public.orders");
        browser.findElement(By.id("tenant-column")).sendKeys("company_id");
        browser.findElement(By.id("snapshot")).click();
        Browser.follow(browser, browser.findElement(By.id("attach")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("refusal")).isEmpty());
        assertThat(browser.findElement(By.id("refusal")).getText()).isEqualTo("Not attached: cannot reach the"
                + " capture API at "
                + NOWHERE + "/: connection refused");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("public.orders");
        assertThat(browser.findElement(By.id("snapshot")).isSelected()).isTrue();
        Browser.screenshot(browser, "console-tables.png");
    }

    /** Every route of these screens refuses a signed-out browser and, for the API, a tenant key or none. */
    @Test
    @Order(5)
    void shouldRefuseEveryOperationsRouteToASignedOutBrowserAndATenantKey() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> tried = new ArrayList<>();
        for (String route : List.of("GET /console/api-keys", "POST /console/api-keys", "GET /console/api-keys/revoke",
                "POST /console/api-keys/revoke", "GET /console/replays", "GET /console/replays/plan",
                "POST /console/replays", "GET /console/replays/x", "POST /console/replays/x/cancel",
                "GET /console/tables", "POST /console/tables", "GET /console/tables/detach",
                "POST /console/tables/detach")) {
            String[] parts = route.split(" ");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + parts[1] + "?id=key_x&name=public.orders&topic=ops.orders&into=x&from=" + MINUTE))
                    .method(parts[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(route).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(route).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/console/login"));
            tried.add(route);
        }
        for (String route : List.of("GET /v1/api-keys", "POST /v1/api-keys", "DELETE /v1/api-keys/key_x",
                "GET /v1/status", "GET /v1/replays", "POST /v1/replays", "GET /v1/replays/x",
                "POST /v1/replays/x/cancel")) {
            String[] parts = route.split(" ");
            assertThat(api(parts[0], parts[1], TENANT_KEY, "{}").statusCode()).as(route).isEqualTo(403);
            assertThat(api(parts[0], parts[1], null, "{}").statusCode()).as(route).isEqualTo(401);
            tried.add(route);
        }
        assertThat(tried).hasSize(21);
    }

    private void signIn(String page) {
        browser.get(console() + page);
        if (browser.getCurrentUrl().endsWith("/console/login")) {
            browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
            Browser.follow(browser, browser.findElement(By.id("sign-in")));
        }
        awaitPage(page);
    }

    private void awaitPath(String path) {
        await().atMost(Duration.ofSeconds(10)).until(() -> URI.create(browser.getCurrentUrl()).getPath()
                .equals("/console" + path));
    }

    private void awaitPage(String page) {
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().equals(console() + page));
    }

    private String console() {
        return "http://localhost:" + port + "/console";
    }

    HttpResponse<String> api(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A consumer group that has read {@code offset} records of partition 0 of {@code topic}. */
    private static void commit(String group, String topic, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
                group), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)));
        }
    }

    private static long count(String tableAndCondition) throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM tributary_console."
                        + tableAndCondition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> texts(List<WebElement> elements) {
        List<String> texts = new ArrayList<>();
        elements.forEach(e -> texts.add(e.getText()));
        return texts;
    }
}
