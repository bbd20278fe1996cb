package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.tail.EventTails;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's Events screens in a real browser, over one console, broker, database and browser: an operator
 * searches the events by type prefix and by a {@code where}, sees a refused {@code where} explained on its field,
 * opens an event's page with its envelope and the deliveries it caused, starts the live tail and sees an event
 * produced afterwards appear in it, and signs out, which ends the tail. A script reads the same tail from
 * {@code GET /v1/events/tail}, which refuses a tenant key and a caller without one. Screenshots under
 * {@code target/screenshots}.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleEventsPageIT {

    static final String ADMIN_KEY = "console-admin-key-0123456789";
    static final String TENANT_KEY = "console-tenant-key-0123456789";
    static final String EVENTS = "ce.events";
    static final String HANDLER = "ce.handler.webhook";
    static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
    static PostgresDatabase db;
    static WebDriver browser;

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventTails tails;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_events");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, EVENTS, HANDLER, "ce.deliveries", HANDLER + "-dlt");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "ce");
        registry.add("tributary.console.group-id", () -> "ce-console");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, TENANT_KEY, "co_9");
    }

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open(java.time.ZoneId.of("UTC"), 1500, 1000);
    }

    @AfterAll
    static void closeBrowser() {
        Browser.close(browser);
    }

    @Test
    void shouldSearchOpenAndTailTheEventsInTheBrowserAndForAScript() throws Exception {
        // Three orders (amounts 50, 1500, 2500), two invoices; the 2500 order was delivered to two subscriptions.
        ObjectNode bigOrder = order("ev-order-3", 2500, 3);
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, EVENTS, order("ev-order-1", 50, 1));
            send(producer, EVENTS, order("ev-order-2", 1500, 2));
            send(producer, EVENTS, bigOrder);
            send(producer, EVENTS, invoice("ev-invoice-1", "invoice.created", 4));
            send(producer, EVENTS, invoice("ev-invoice-2", "invoice.paid", 5));
            ObjectNode crm = LedgerFixtures.delivery(bigOrder, "sub_crm", "co_9", "https://crm.example.com/hook");
            ObjectNode erp = LedgerFixtures.delivery(bigOrder, "sub_erp", "co_9", "https://erp.example.net/in");
            send(producer, HANDLER, crm);
            send(producer, HANDLER, erp);
            send(producer, "ce.deliveries", LedgerFixtures.attempt(crm, 1, "DELIVERED", 200, 31,
                    BASE.plusSeconds(181)));
            send(producer, "ce.deliveries", LedgerFixtures.attempt(erp, 1, "RETRY", 503, 77,
                    BASE.plusSeconds(182)));
            send(producer, HANDLER + "-dlt", erp);
            producer.flush();
        }
        // The ledger follows every dead-letter topic of the shared broker: other classes' events may be in it too,
        // so this one searches its own tenant's.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("events WHERE tenant = 'co_9'") == 5
                && count("attempts") == 2 && count("dead_letters WHERE topic = '" + HANDLER + "-dlt'") == 1);

        // Signed out, the pages and the tail lead to the sign-in; an API caller without a key or with a tenant's
        // gets nothing either.
        HttpResponse<String> signedOut = http("/console/events/tail", null);
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/console/login"));
        assertThat(http("/v1/events/tail", null).statusCode()).isEqualTo(401);
        HttpResponse<String> tenant = http("/v1/events/tail", TENANT_KEY);
        assertThat(tenant.statusCode()).isEqualTo(403);
        assertThat(Json.parse(tenant.body()).get("error").asText())
                .isEqualTo("the ledger's live tail needs an admin key");
        assertThat(http("/v1/events/tail?where=%5B%5D", ADMIN_KEY).statusCode()).isEqualTo(400);

        String console = "http://127.0.0.1:" + port + "/console";
        browser.get(console + "/events");
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login");
        browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
        Browser.follow(browser, browser.findElement(By.id("sign-in")));
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/events");
        browser.get(console + "/events?tenant=co_9");
        assertThat(browser.findElement(By.id("tenant")).getAttribute("value")).as("the form keeps the search")
                .isEqualTo("co_9");
        assertThat(ids()).containsExactly("ev-invoice-2", "ev-invoice-1", "ev-order-3", "ev-order-2", "ev-order-1");

        browser.findElement(By.id("type")).sendKeys("invoice.*");
        search();
        assertThat(ids()).containsExactly("ev-invoice-2", "ev-invoice-1");

        browser.findElement(By.id("type")).clear();
        browser.findElement(By.id("where")).sendKeys("{\"new.amount\": {\"$gte\": \"1000\"}}");
        search();
        assertThat(ids()).containsExactly("ev-order-3", "ev-order-2");
        assertThat(cell(rows().get(0), 3)).isEqualTo("salesOrder.update");
        Browser.screenshot(browser, "console-events.png");

        browser.findElement(By.id("where")).clear();
        browser.findElement(By.id("where")).sendKeys("{\"new.amount\": {\"$between\": [1, 2]}}");
        search();
        assertThat(browser.findElement(By.id("where")).getAttribute("class")).contains("invalid");
        assertThat(browser.findElement(By.id("where-error")).getText()).isEqualTo("where.new.amount.$between:"
                + " unknown operator '$between': use $eq $ne $in $nin $exists $gt $gte $lt $lte $prefix $suffix"
                + " $contains $regex $not");
        assertThat(rows()).isEmpty();

        browser.get(console + "/events?tenant=co_9&type=salesOrder.*");
        browser.findElements(By.cssSelector("#results a.event")).stream()
                .filter(link -> link.getText().equals("ev-order-3")).findFirst().orElseThrow().click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/event?id=ev-order-3"));
        assertThat(browser.findElement(By.id("event-id")).getText()).isEqualTo("ev-order-3");
        List<WebElement> deliveries = browser.findElements(By.cssSelector("#deliveries tbody tr"));
        assertThat(deliveries).extracting(row -> cell(row, 1) + " " + cell(row, 6) + " " + cell(row, 7))
                .containsExactlyInAnyOrder("ev-order-3:sub_crm DELIVERED 200", "ev-order-3:sub_erp RETRY 503");
        assertThat(deliveries.get(0).findElement(By.cssSelector("a.delivery")).getAttribute("href"))
                .startsWith(console + "/delivery?id=ev-order-3:sub_");
        JsonNode envelope = Json.parse(browser.findElement(By.id("envelope")).getText());
        assertThat(envelope).isEqualTo(bigOrder);
        Browser.screenshot(browser, "console-event.png");

        // The deliveries search takes the where on each delivery's event too, and shows a refused one on its field.
        JsonNode big = Json.parse(http("/v1/deliveries?tenant=co_9&where=" + URLEncoder.encode(
                "{\"new.amount\": {\"$gte\": 2000}, \"type\": {\"$prefix\": \"salesOrder.\"}}",
                StandardCharsets.UTF_8), ADMIN_KEY).body());
        assertThat(big.get("items")).extracting(item -> item.get("deliveryId").asText())
                .containsExactlyInAnyOrder("ev-order-3:sub_crm", "ev-order-3:sub_erp");
        JsonNode none = Json.parse(http("/v1/deliveries?tenant=co_9&where=" + URLEncoder.encode(
                "{\"new.amount\": {\"$lt\": 2000}}", StandardCharsets.UTF_8), ADMIN_KEY).body());
        assertThat(none.get("items")).isEmpty();
        // So do the dead letters, and a redrive of their whole search counts only what the where selects.
        String bigOrders = URLEncoder.encode("{\"new.amount\": {\"$gte\": 2000}}", StandardCharsets.UTF_8);
        JsonNode deadLetters = Json.parse(http("/v1/dead-letters?tenant=co_9&where=" + bigOrders, ADMIN_KEY).body());
        assertThat(deadLetters.get("items")).extracting(item -> item.get("deliveryId").asText())
                .containsExactly("ev-order-3:sub_erp");
        assertThat(Json.parse(http("/v1/dead-letters?tenant=co_9&where=" + URLEncoder.encode(
                "{\"new.amount\": {\"$lt\": 2000}}", StandardCharsets.UTF_8), ADMIN_KEY).body()).get("items"))
                .isEmpty();
        HttpResponse<String> plan = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/v1/dead-letters/redrive?dryRun=true&tenant=co_9&where=" + bigOrders))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        assertThat(Json.parse(plan.body()).get("matching").asInt()).isEqualTo(1);
        browser.get(console + "/deliveries?tenant=co_9&where=%5B1%5D");
        assertThat(browser.findElement(By.id("where-error")).getText()).isEqualTo("where: must be an object of"
                + " conditions such as {\"new.amount\": {\"$gt\": 1000}}");

        // The live tail of salesOrder.* shows an order produced after it started, and not an invoice.
        browser.get(console + "/events?tenant=co_9&type=salesOrder.*");
        browser.findElement(By.id("tail-toggle")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("tail-status")).getText()
                .startsWith("Live"));
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, EVENTS, invoice("ev-live-invoice", "invoice.created", 10));
            send(producer, EVENTS, order("ev-live-order", 7000, 11));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !tailIds().isEmpty());
        assertThat(tailIds()).containsExactly("ev-live-order");
        assertThat(count("events WHERE event_id = 'ev-live-invoice'")).isEqualTo(1);
        Browser.screenshot(browser, "console-events-tail.png");

        // A script's tail: the first data line after it opened is the next stored event, as an item of /v1/events.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/events/tail?tenant=co_9&where=" + URLEncoder.encode("{\"type\": {\"$prefix\": \"invoice.\"}}",
                        StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + ADMIN_KEY).build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo(":tailing the ledger's events");
            assertThat(tails.count()).isEqualTo(2);
            try (KafkaProducer<String, String> producer = producer()) {
                send(producer, EVENTS, order("ev-live-order-2", 9000, 12));
                send(producer, EVENTS, invoice("ev-live-invoice-2", "invoice.paid", 13));
            }
            CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("data:")) {
                            return line.substring("data:".length());
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            JsonNode item = Json.parse(data.get(20, TimeUnit.SECONDS));
            assertThat(item.get("id").asText()).isEqualTo("ev-live-invoice-2");
            assertThat(item.get("type").asText()).isEqualTo("invoice.paid");
            assertThat(item.get("tenant").asText()).isEqualTo("co_9");
            assertThat(item.get("data").get("total").asInt()).isEqualTo(13);
        }

        // Signing out ends every tail of the session: one opened with the browser's session cookie ends at once.
        String cookie = "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<InputStream> sessionTail = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/console/events/tail?tenant=co_9")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(sessionTail.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sessionTail.body(),
                StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo(":tailing the ledger's events");
            CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    while (lines.readLine() != null) {
                        // heartbeats until the end
                    }
                    return true;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            browser.findElement(By.cssSelector("form.logout button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/console/login"));
            assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    static ObjectNode order(String id, int amount, int minute) {
        ObjectNode row = Json.mapper().createObjectNode().put("amount", amount).put("status", "confirmed");
        return LedgerFixtures.rowChange(id, "co_9", "salesOrder", "UPDATE", "so_" + minute, row, row,
                BASE.plusSeconds(60L * minute));
    }

    static ObjectNode invoice(String id, String type, int minute) {
        return LedgerFixtures.applicationEvent(id, "co_9", type, Json.mapper().createObjectNode()
                .put("total", minute), BASE.plusSeconds(60L * minute));
    }

    static void search() {
        String before = browser.getCurrentUrl();
        Browser.follow(browser, browser.findElement(By.id("run-search")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.getCurrentUrl().equals(before));
    }

    static List<String> ids() {
        return rows().stream().map(row -> cell(row, 1)).toList();
    }

    static List<String> tailIds() {
        return browser.findElements(By.cssSelector("#tail tbody tr")).stream().map(row -> cell(row, 1)).toList();
    }

    static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#results tbody tr"));
    }

    static String cell(WebElement row, int column) {
        return row.findElements(By.tagName("td")).get(column).getText();
    }

    HttpResponse<String> http(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void send(KafkaProducer<String, String> producer, String topic, ObjectNode value) throws Exception {
        producer.send(new ProducerRecord<>(topic, value.path("id").asText(value.path("deliveryId").asText()),
                Json.write(value))).get();
    }

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaExtension.cluster().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    static long count(String table) throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM tributary_console."
                        + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
