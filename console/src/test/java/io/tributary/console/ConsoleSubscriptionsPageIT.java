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
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console's subscription screens in a real browser, over one console, broker, database and browser for the
 * class: the list with each subscription's last hour from the ledger; a webhook created with an invalid URL and a
 * filter that is not JSON (each problem on its field), then fixed, its secret shown once; the filter tester with a
 * pasted event and with a recent real event from the ledger, matched and not, and with an invalid where; a
 * subscription's page with its recent deliveries, success rates and masked secrets, paused and resumed; the same
 * tester as {@code POST /v1/filters/test}; and every subscription route refusing a signed-out caller and a tenant
 * key. Every screen is saved under {@code target/screenshots}.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSubscriptionsPageIT {

    static final String ADMIN_KEY = "subs-admin-key-0123456789";
    static final String TENANT_KEY = "subs-tenant-key-0123456789";
    static final String SECRET = "whsec_c3Vicy1wYWdlLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
    static final String HEADER_VALUE = "key-live-subs-0123456789abcdef";
    static final String HANDLER = "cs.handler.webhook";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static PostgresDatabase db;
    static KafkaCluster kafka;
    static WebDriver browser;
    static boolean produced;
    /** The subscription the create test makes, for the tests after it. */
    static String created;

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_subs");
        kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "cs.events", HANDLER, "cs.deliveries");
        kafka.createCompactedTopic("cs.subscriptions", 1);
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "cs");
        registry.add("tributary.console.group-id", () -> "cs-console");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, TENANT_KEY, "co_9");
    }

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open(java.time.ZoneId.of("UTC"), 1400, 1100);
    }

    @AfterAll
    static void closeBrowser() {
        Browser.close(browser);
    }

    /**
     * Subscription sub_inv of tenant co_9 (invoice.* to billing.example.org) and, in the ledger, 8 invoice.paid
     * events of co_9 delivered to it: 6 attempted in the last hour (4 delivered, 2 retried), 2 five hours ago (both
     * delivered). Events inv-0, inv-3 and inv-6 are overdue, the others paid.
     */
    @BeforeEach
    void produceOnce() throws Exception {
        if (produced) {
            return;
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Instant at = i < 6 ? NOW.minus(Duration.ofMinutes(50 - 5L * i)) : NOW.minus(Duration.ofHours(5));
            ObjectNode data = Json.mapper().createObjectNode().put("status", i % 3 == 0 ? "overdue" : "paid")
                    .put("amount", 100 * i);
            ObjectNode event = LedgerFixtures.applicationEvent("inv-" + i, "co_9", "invoice.paid", data, at);
            ObjectNode delivery = LedgerFixtures.delivery(event, "sub_inv", "co_9", "https://billing.example.org/hooks");
            boolean delivered = i >= 6 || i % 3 != 0;
            records.add(new ProducerRecord<>("cs.events", "co_9/billing/inv-" + i, Json.write(event)));
            records.add(new ProducerRecord<>(HANDLER, "sub_inv/inv-" + i, Json.write(delivery)));
            records.add(new ProducerRecord<>("cs.deliveries", delivery.get("deliveryId").asText(),
                    Json.write(LedgerFixtures.attempt(delivery, 1, delivered ? "DELIVERED" : "RETRY",
                            delivered ? 200 : 502, 30 + i, at.plusSeconds(1)))));
        }
        records.add(new ProducerRecord<>("cs.subscriptions", "sub_inv", """
                {"id": "sub_inv", "name": "invoices to billing", "tenant": "co_9", "eventType": "invoice.*",
                 "type": "WEBHOOK", "config": {"url": "https://billing.example.org/hooks", "secret": "%s",
                 "headers": {"X-Api-Key": "%s"}}, "active": true}""".formatted(SECRET, HEADER_VALUE)));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("attempts WHERE subscription_id = 'sub_inv'") == 8
                && count("deliveries WHERE subscription_id = 'sub_inv'") == 8
                && count("events WHERE event_id LIKE 'inv-%'") == 8);
        produced = true;
    }

    @Test
    @Order(1)
    void shouldListEverySubscriptionWithItsLastHour() throws Exception {
        signIn("/subscriptions");
        WebElement row = row("invoices to billing");
        assertThat(row.findElements(By.tagName("td"))).extracting(WebElement::getText).containsExactly("co_9",
                "invoices to billing\nsub_inv", "invoice.*", "WEBHOOK", "billing.example.org", "active", "66.7 %",
                "6");
        screenshot("console-subscriptions.png");

        browser.get(console() + "/subscriptions?state=paused&tenant=co_9");
        assertThat(browser.findElement(By.cssSelector("p.empty")).getText())
                .isEqualTo("No subscription matches. Clear a field to see more.");
        browser.get(console() + "/subscriptions?q=BILLING&type=webhook&eventType=invoice.*");
        assertThat(browser.findElements(By.cssSelector("#subscriptions tbody tr"))).hasSize(1);
    }

    @Test
    @Order(2)
    void shouldShowEachProblemOnItsFieldThenCreateAndShowTheSecretOnce() throws Exception {
        signIn("/subscriptions");
        click(By.id("new-subscription"));
        assertThat(browser.getCurrentUrl()).isEqualTo(console() + "/subscriptions/new");
        type("tenant", "co_9");
        type("name", "ledger hooks");
        type("eventType", "invoice.*");
        type("url", "ftp://erp.example.net/in");
        type("filter", "{\"status\": ");
        click(By.id("save"));
        assertThat(browser.findElement(By.id("url-error")).getText()).startsWith("must be");
        assertThat(browser.findElement(By.id("url-error")).getText()).contains("http");
        assertThat(browser.findElement(By.id("filter-error")).getText()).startsWith("is not valid JSON");
        assertThat(browser.findElements(By.id("name-error"))).isEmpty();
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("ledger hooks");
        screenshot("console-subscription-form-errors.png");
        assertThat(kafka.readAll("cs.subscriptions")).hasSize(1);

        type("url", "https://erp.example.net/in");
        type("filter", "{\"status\": \"paid\"}");
        click(By.id("save"));
        assertThat(browser.getCurrentUrl()).startsWith(console() + "/subscription?id=sub_");
        created = browser.findElement(By.id("subscription-id")).getText();
        String secret = browser.findElement(By.cssSelector("#new-secret code")).getText();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(browser.findElement(By.id("flash")).getText()).startsWith("Subscription ledger hooks created.");
        JsonNode written = Json.parse(kafka.readAll("cs.subscriptions").stream().filter(r -> r.key().equals(created))
                .reduce((a, b) -> b).orElseThrow().value());
        assertThat(written.get("config").get("secret").asText()).isEqualTo(secret);
        assertThat(written.get("filter")).isEqualTo(Json.parse("{\"status\": \"paid\"}"));
        assertThat(written.get("tenant").asText()).isEqualTo("co_9");

        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("new-secret"))).as("shown once").isEmpty();
        assertThat(browser.findElement(By.id("secrets")).getText())
                .isEqualTo("whsec_…" + secret.substring(secret.length() - 4));
        assertThat(browser.getPageSource()).doesNotContain(secret);
    }

    @Test
    @Order(3)
    void shouldTestTheTypedFilterAgainstAPastedOrARecentEvent() throws Exception {
        signIn("/subscriptions/edit?id=" + created);
        type("test-event", pasted("paid"));
        click(By.id("run-test"));
        assertThat(browser.findElement(By.id("test-result")).getText()).isEqualTo("Matched");

        type("test-event", pasted("overdue"));
        click(By.id("run-test"));
        assertThat(browser.findElement(By.id("test-result")).getText()).isEqualTo("Not matched\nfilter.status: the"
                + " event's data does not contain {\"status\":\"paid\"}");

        // The filter as typed, not yet saved, against a real event of the same type from the ledger.
        type("filter", "{\"status\": \"overdue\"}");
        type("where", "{\"data.amount\": {\"$gte\": 300}}");
        assertThat(browser.findElements(By.cssSelector("#test-event-id option"))).extracting(e ->
                e.getAttribute("value")).containsExactly("", "inv-5", "inv-4", "inv-3", "inv-2", "inv-1", "inv-0",
                "inv-7", "inv-6");
        // A picked event is tested rather than the pasted one.
        browser.findElement(By.cssSelector("#test-event-id option[value='inv-3']")).click();
        click(By.id("run-test"));
        assertThat(browser.findElement(By.id("test-result")).getText()).isEqualTo("Matched");
        browser.findElement(By.cssSelector("#test-event-id option[value='inv-0']")).click();
        click(By.id("run-test"));
        assertThat(browser.findElement(By.id("test-result")).getText()).isEqualTo("Not matched\nwhere.data.amount:"
                + " {\"data.amount\":{\"$gte\":300}} does not hold for the event");
        screenshot("console-filter-tester.png");

        type("where", "{\"data.amount\": {\"$between\": [1, 2]}}");
        click(By.id("run-test"));
        assertThat(browser.findElement(By.id("where-error")).getText()).startsWith("where.data.amount");
        assertThat(browser.findElements(By.id("test-result"))).isEmpty();
        JsonNode saved = Json.parse(kafka.readAll("cs.subscriptions").stream().filter(r -> r.key().equals(created))
                .reduce((a, b) -> b).orElseThrow().value());
        assertThat(saved.get("filter")).as("testing saves nothing").isEqualTo(Json.parse("{\"status\": \"paid\"}"));
    }

    @Test
    @Order(4)
    void shouldShowRecentDeliveriesAndSuccessRatesAndPauseAndResume() throws Exception {
        signIn("/subscriptions");
        click(By.linkText("invoices to billing"));
        assertThat(browser.getCurrentUrl()).isEqualTo(console() + "/subscription?id=sub_inv");
        assertThat(browser.findElement(By.id("rate-hour")).getText()).isEqualTo("66.7 %");
        assertThat(browser.findElement(By.id("rate-day")).getText()).isEqualTo("75.0 %");
        List<WebElement> deliveries = browser.findElements(By.cssSelector("#deliveries tbody tr"));
        assertThat(deliveries).extracting(r -> r.findElement(By.cssSelector("a.delivery")).getAttribute("href"))
                .containsExactly(console() + "/delivery?id=inv-5:sub_inv", console() + "/delivery?id=inv-4:sub_inv",
                        console() + "/delivery?id=inv-3:sub_inv", console() + "/delivery?id=inv-2:sub_inv",
                        console() + "/delivery?id=inv-1:sub_inv", console() + "/delivery?id=inv-0:sub_inv",
                        console() + "/delivery?id=inv-7:sub_inv", console() + "/delivery?id=inv-6:sub_inv");
        assertThat(deliveries.get(2).findElements(By.tagName("td")).get(5).getText()).isEqualTo("RETRY");
        assertThat(browser.findElement(By.id("secrets")).getText()).isEqualTo("whsec_…YWI=");
        assertThat(browser.findElement(By.id("config")).getText()).contains("\"X-Api-Key\" : \"…cdef\"");
        assertThat(browser.getPageSource()).doesNotContain(SECRET).doesNotContain(HEADER_VALUE);
        screenshot("console-subscription.png");
        browser.findElement(By.cssSelector("#test-event-id option[value='inv-1']")).click();
        click(By.id("run-test"));
        assertThat(browser.findElement(By.id("test-result")).getText()).isEqualTo("Matched");
        assertThat(browser.getCurrentUrl()).isEqualTo(console() + "/subscription/test#tester");

        click(By.id("toggle"));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("paused");
        assertThat(browser.findElement(By.id("flash")).getText()).startsWith("invoices to billing paused");
        assertThat(latest("sub_inv").get("active").asBoolean()).isFalse();
        click(By.id("toggle"));
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("active");
        JsonNode resumed = latest("sub_inv");
        assertThat(resumed.get("active").asBoolean()).isTrue();
        assertThat(resumed.get("config").get("secret").asText()).as("the secret is kept").isEqualTo(SECRET);
    }

    @Test
    @Order(5)
    void shouldKeepMaskedSecretsWhenAnEditSavesThemUnchanged() throws Exception {
        signIn("/subscriptions/edit?id=sub_inv");
        assertThat(browser.findElement(By.id("config")).getAttribute("value")).contains("whsec_…YWI=", "…cdef")
                .doesNotContain(SECRET);
        type("name", "invoices to billing v2");
        click(By.id("save"));
        assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Subscription invoices to billing v2"
                + " saved.");
        JsonNode saved = latest("sub_inv");
        assertThat(saved.get("config").get("secret").asText()).isEqualTo(SECRET);
        assertThat(saved.get("config").get("headers").get("X-Api-Key").asText()).isEqualTo(HEADER_VALUE);
        assertThat(saved.get("config").get("url").asText()).isEqualTo("https://billing.example.org/hooks");
    }

    @Test
    @Order(6)
    void shouldTestFiltersThroughTheApi() throws Exception {
        HttpResponse<String> matched = post(ADMIN_KEY, "{\"filter\": {\"status\": \"paid\"}, \"event\": "
                + pasted("paid") + "}");
        assertThat(matched.statusCode()).as(matched.body()).isEqualTo(200);
        assertThat(matched.body()).isEqualTo("{\"match\":true,\"failed\":[],\"eventId\":\"e-pasted\"}");
        HttpResponse<String> real = post(ADMIN_KEY, "{\"filter\": {\"status\": \"paid\"}, \"where\":"
                + " {\"tenant\": \"co_9\"}, \"eventId\": \"inv-0\"}");
        assertThat(real.body()).isEqualTo("{\"match\":false,\"failed\":[{\"path\":\"filter.status\",\"reason\":"
                + "\"the event's data does not contain {\\\"status\\\":\\\"paid\\\"}\"}],\"eventId\":\"inv-0\"}");
        HttpResponse<String> bySubject = post(ADMIN_KEY, "{\"where\": {\"subject\": \"inv-0\", \"depth\": 0},"
                + " \"eventId\": \"inv-0\"}");
        assertThat(bySubject.body()).as("a ledger event is tested as it was stored, its subject and depth included")
                .isEqualTo("{\"match\":true,\"failed\":[],\"eventId\":\"inv-0\"}");
        HttpResponse<String> invalid = post(ADMIN_KEY, "{\"filter\": [1], \"eventId\": \"nope\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(Json.parse(invalid.body()).get("details").findValuesAsText("path")).containsExactly("eventId");
        HttpResponse<String> badFilter = post(ADMIN_KEY, "{\"filter\": [1], \"event\": " + pasted("paid") + "}");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badFilter.body()).get("details").findValuesAsText("path")).containsExactly("filter");
        assertThat(post(TENANT_KEY, "{}").statusCode()).isEqualTo(403);
        assertThat(post(null, "{}").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void shouldRefuseEverySubscriptionRouteToASignedOutCallerAndATenantKey() throws Exception {
        Map<String, String> routes = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/console/subscription"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(verb -> routes.put(verb.name() + " " + p,
                        p))));
        assertThat(routes.keySet()).containsExactlyInAnyOrder("GET /console/subscriptions",
                "GET /console/subscription", "GET /console/subscriptions/new", "POST /console/subscriptions/new",
                "GET /console/subscriptions/edit", "POST /console/subscriptions/edit",
                "POST /console/subscription/pause", "POST /console/subscription/resume",
                "POST /console/subscription/test");
        String before = latest("sub_inv").toString();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String key : new String[] {null, TENANT_KEY}) {
            for (Map.Entry<String, String> route : routes.entrySet()) {
                String verb = route.getKey().split(" ")[0];
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + route.getValue() + "?id=sub_inv")).header("Content-Type", "application/x-www-form-urlencoded")
                        .method(verb, verb.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("name=taken&tenant=co_9&url=https%3A%2F%2Fx.example"
                                + "&eventType=a.b&type=WEBHOOK&event=%7B%7D"));
                if (key != null) {
                    request.header("Authorization", "Bearer " + key);
                }
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(route.getKey() + " with " + key).isEqualTo(302);
                assertThat(answer.headers().firstValue("Location")).as(route.getKey())
                        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/login"));
                assertThat(answer.body()).doesNotContain("invoices to billing");
            }
        }
        assertThat(latest("sub_inv").toString()).as("nothing changed").isEqualTo(before);
        assertThat(kafka.readAll("cs.subscriptions").stream().map(ConsumerRecord::key).distinct())
                .containsExactlyInAnyOrder("sub_inv", created);
    }

    static String pasted(String status) {
        return "{\"specversion\": \"1.0\", \"id\": \"e-pasted\", \"source\": \"/services/billing\", \"type\":"
                + " \"invoice.paid\", \"tenant\": \"co_9\", \"data\": {\"status\": \"" + status + "\", \"amount\": 5}}";
    }

    HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/filters/test")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode latest(String id) {
        return Json.parse(kafka.readAll("cs.subscriptions").stream().filter(r -> r.key().equals(id))
                .reduce((a, b) -> b).orElseThrow().value());
    }

    String console() {
        return "http://127.0.0.1:" + port + "/console";
    }

    void signIn(String page) {
        browser.get(console() + page);
        if (browser.getCurrentUrl().endsWith("/login")) {
            browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
            click(By.id("sign-in"));
        }
        assertThat(browser.getCurrentUrl()).isEqualTo(console() + page);
    }

    static WebElement row(String name) {
        return browser.findElements(By.cssSelector("#subscriptions tbody tr")).stream()
                .filter(r -> r.getText().contains(name)).findFirst().orElseThrow();
    }

    static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks what leaves the page and waits until the next page has loaded. */
    static void click(By by) {
        Browser.follow(browser, browser.findElement(by));
    }

    static void screenshot(String name) throws Exception {
        Browser.screenshot(browser, name);
    }

    static long count(String table) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM tributary_console." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
