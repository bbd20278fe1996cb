package io.tributary.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.console.Browser;
import io.tributary.console.ConsoleTestProperties;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Json;
import io.tributary.model.signing.WebhookHeaders;
import io.tributary.model.signing.WebhookSigner;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a tenant does in its portal, in a real browser (Debian's chromium, headless), over one console, broker,
 * database and browser: an operator asks for a link ({@code POST /v1/portal-links}); the tenant opens it, adds an
 * endpoint (first with a wrong URL, whose problem is shown on its field), copies the secret shown once, sends a test
 * event, sees it delivered in its delivery log, opens its attempts and resends it, rotates the secret, pauses and
 * resumes the endpoint, edits it, redrives a dead letter,
 * and finds the link used up. The router and the webhook dispatcher do not run in the console's tests: the test
 * event is read from the events topic and delivered to a real HTTP receiver on loopback, signed with the
 * endpoint's secrets read from the subscriptions topic, and its delivery and attempt are recorded on their topics as
 * the dispatcher records them; the portal shows what the ledger made of them. Every screen is saved under
 * {@code target/screenshots/portal-*.png}.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PortalBrowserIT {

    static final String ADMIN_KEY = "portal-admin-key-0123456789";
    static final String INITECH_KEY = "portal-initech-key-0123456789";
    static final String HANDLER = "pb.handler.webhook";
    static final String DLT = "pb.handler.webhook-dlt";
    static PostgresDatabase db;
    static KafkaCluster kafka;
    static WebDriver browser;
    static HttpServer receiver;
    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

    record Received(Map<String, List<String>> headers, byte[] body) {
    }

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("portal_browser");
        kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "pb.events", HANDLER, "pb.deliveries", DLT);
        kafka.createCompactedTopic("pb.subscriptions", 1);
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("tributary.console.portal.test-events-per-minute", () -> "1");
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "pb");
        registry.add("tributary.console.group-id", () -> "pb-console");
        registry.add("tributary.console.portal.link-secret", () -> "portal-browser-link-secret-0123456789");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, INITECH_KEY, "initech");
    }

    @BeforeAll
    static void openBrowserAndReceiver() throws Exception {
        browser = Browser.open(java.time.ZoneId.of("Europe/Berlin"), 1400, 900);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/initech", exchange -> {
            RECEIVED.add(new Received(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void shouldLetATenantAddAnEndpointTestItSeeItDeliveredAndRotateItsSecret() throws Exception {
        String base = "http://localhost:" + port;
        String link = portalLink(base);
        assertThat(link).startsWith(base + "/portal/open?token=");

        browser.get(link);
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/endpoints");
        assertThat(text("tenant")).isEqualTo("initech");
        assertThat(browser.findElement(By.id("no-endpoints")).getText()).startsWith("You have no webhook endpoints yet.");
        screenshot("portal-endpoints-empty.png");

        // A wrong URL: the problem is shown on the URL field, and what was typed is kept.
        navigate(browser.findElement(By.id("add-endpoint")));
        browser.findElement(By.id("name")).sendKeys("invoices to billing");
        browser.findElement(By.id("url")).clear();
        browser.findElement(By.id("url")).sendKeys("ftp://billing.example/hooks");
        browser.findElement(By.id("eventType")).sendKeys("invoice.*");
        browser.findElement(By.id("filter")).sendKeys("{status: \"paid\"}");
        navigate(browser.findElement(By.id("save")));
        String urlError = text("url-error");
        assertThat(urlError).isEqualTo("must be an absolute http or https URL such as https://example.com/hooks,"
                + " without user information");
        assertThat(text("filter-error")).isEqualTo("is not valid JSON: Unexpected character ('s' (code 115)): was"
                + " expecting double-quote to start field name (line 1, column 2)");
        assertThat(browser.findElements(By.id("name-error"))).isEmpty();
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("invoices to billing");
        screenshot("portal-endpoint-form-errors.png");

        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/initech";
        browser.findElement(By.id("url")).clear();
        browser.findElement(By.id("url")).sendKeys(hook);
        browser.findElement(By.id("filter")).clear();
        navigate(browser.findElement(By.id("save")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/endpoints");
        String secret = text("new-secret");
        assertThat(secret).startsWith("whsec_");
        JsonNode subscription = onlySubscription();
        String subscriptionId = subscription.get("id").asText();
        assertThat(subscription.get("tenant").asText()).isEqualTo("initech");
        assertThat(subscription.get("eventType").asText()).isEqualTo("invoice.*");
        assertThat(subscription.get("config").get("url").asText()).isEqualTo(hook);
        assertThat(subscription.get("config").get("secret").asText()).isEqualTo(secret);
        WebElement row = browser.findElement(By.id("endpoint-" + subscriptionId));
        assertThat(row.findElement(By.cssSelector("code.secret")).getText())
                .isEqualTo("whsec_…" + secret.substring(secret.length() - 4));
        screenshot("portal-endpoint-created.png");
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("new-secret"))).as("a secret is shown once").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(secret);

        // Send a test event; deliver it as the dispatcher does, and see it in the delivery log.
        navigate(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " button.send-test")));
        assertThat(text("flash")).contains("(invoice.test) sent.");
        assertThat(browser.getCurrentUrl()).startsWith(base + "/portal/deliveries?eventId=evt_test_");
        assertThat(browser.findElement(By.id("no-deliveries")).isDisplayed()).isTrue();
        screenshot("portal-test-event-sent.png");
        String log = browser.getCurrentUrl();
        // A second test event within the minute is over the tenant's allowance (one a minute here).
        browser.get(base + "/portal/endpoints");
        navigate(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " button.send-test")));
        assertThat(text("flash")).isEqualTo("No test event sent: a tenant sends at most 1 test event(s) a minute from"
                + " the portal; try again within a minute.");
        browser.get(log);
        List<ConsumerRecord<String, String>> events = kafka.readAll("pb.events");
        assertThat(events).as("the test event, acknowledged before the page answered; not the second").hasSize(1);
        ConsumerRecord<String, String> sent = events.get(0);
        JsonNode event = Json.parse(sent.value());
        assertThat(event.get("tenant").asText()).isEqualTo("initech");
        assertThat(event.get("type").asText()).isEqualTo("invoice.test");
        assertThat(sent.key()).isEqualTo("initech/" + PortalTestEvents.SOURCE + "/" + event.get("id").asText());
        String deliveryId = deliver(subscription, event);
        Received received = RECEIVED.get(0);
        assertThat(WebhookSigner.verify(List.of(secret), first(received, WebhookSigner.ID_HEADER),
                first(received, WebhookSigner.TIMESTAMP_HEADER), first(received, WebhookSigner.SIGNATURE_HEADER),
                received.body(), Instant.now(), WebhookSigner.DEFAULT_TOLERANCE))
                .as("the receiver verifies the delivery with the secret the portal showed").isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("attempts WHERE tenant = 'initech'") == 1);
        browser.navigate().refresh();
        List<WebElement> rows = browser.findElements(By.cssSelector("#results tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).findElement(By.cssSelector("td.outcome")).getText()).isEqualTo("DELIVERED");
        assertThat(rows.get(0).findElements(By.tagName("td")).get(7).getText()).isEqualTo("200");
        screenshot("portal-deliveries.png");

        navigate(rows.get(0).findElement(By.cssSelector("a.delivery")));
        assertThat(text("delivery-id")).isEqualTo(deliveryId);
        List<WebElement> attempts = browser.findElements(By.cssSelector("#attempts tbody tr"));
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).getText()).contains("DELIVERED", "200", "ok");
        screenshot("portal-delivery.png");
        navigate(browser.findElement(By.id("resend")));
        assertThat(text("flash")).isEqualTo("Sent again. Its attempts appear below as they are made.");
        List<ConsumerRecord<String, String>> resent = kafka.readAll(HANDLER);
        assertThat(resent).hasSize(2);
        assertThat(Json.parse(resent.get(1).value()).get("deliveryId").asText()).isEqualTo(deliveryId);

        // Rotate: a new secret beside the current one, shown once.
        navigate(browser.findElement(By.id("nav-endpoints")));
        WebElement delivered = browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " td.success"));
        assertThat(delivered.getText()).isEqualTo("100.0 %");
        assertThat(delivered.getAttribute("title")).isEqualTo("1 of 1 attempts delivered");
        assertThat(browser.findElements(By.id("failing"))).as("nothing failed yet").isEmpty();
        navigate(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " button.rotate")));
        String rotated = text("new-secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
        JsonNode secrets = onlySubscription().get("config").get("secret");
        assertThat(secrets.isArray()).isTrue();
        assertThat(List.of(secrets.get(0).asText(), secrets.get(1).asText())).containsExactly(secret, rotated);
        assertThat(browser.findElements(By.cssSelector("#endpoint-" + subscriptionId + " code.secret")))
                .extracting(WebElement::getText).containsExactly("whsec_…" + secret.substring(secret.length() - 4),
                        "whsec_…" + rotated.substring(rotated.length() - 4));
        assertThat(browser.getPageSource()).doesNotContain(secret);
        screenshot("portal-endpoint-rotated.png");

        // Pause, then resume.
        navigate(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " button.toggle")));
        assertThat(onlySubscription().get("active").asBoolean()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " button.toggle")).getText())
                .isEqualTo("Resume");
        screenshot("portal-endpoint-paused.png");
        navigate(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " button.toggle")));
        assertThat(onlySubscription().get("active").asBoolean()).isTrue();

        // Edit: the form holds what the endpoint is.
        navigate(browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " a.edit")));
        assertThat(browser.findElement(By.id("url")).getAttribute("value")).isEqualTo(hook);
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys("invoices");
        screenshot("portal-endpoint-edit.png");
        navigate(browser.findElement(By.id("save")));
        assertThat(onlySubscription().get("name").asText()).isEqualTo("invoices");
        assertThat(onlySubscription().get("config").get("secret")).isEqualTo(secrets);

        // A dead letter of the tenant: counted, then redriven to the topic it came from.
        deadLetter(subscription, event);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("dead_letters WHERE topic = '" + DLT + "'") == 1);
        navigate(browser.findElement(By.id("nav-dead-letters")));
        assertThat(text("plan")).startsWith("This search finds 1 dead letter: 1 would be sent, 0 were redriven");
        screenshot("portal-dead-letters.png");
        navigate(browser.findElement(By.id("redrive-button")));
        assertThat(text("flash")).isEqualTo("1 redriven, 0 redriven before and skipped.");
        List<ConsumerRecord<String, String>> handler = kafka.readAll(HANDLER);
        assertThat(handler).hasSize(3);
        assertThat(handler.get(2).key()).isEqualTo(subscriptionId + "/x");

        // The endpoints page tells of the failure: of the last hour's two attempts, the dead-lettered one failed.
        await().atMost(Duration.ofSeconds(20)).until(() -> count("attempts WHERE tenant = 'initech'") == 2);
        navigate(browser.findElement(By.id("nav-endpoints")));
        assertThat(browser.findElement(By.cssSelector("#failing li")).getText())
                .isEqualTo("invoices: 1 of 2 attempts not delivered");
        assertThat(browser.findElement(By.cssSelector("#failing a.failing-endpoint")).getAttribute("href"))
                .isEqualTo(base + "/portal/deliveries?subscription=" + subscriptionId);
        WebElement half = browser.findElement(By.cssSelector("#endpoint-" + subscriptionId + " td.success"));
        assertThat(half.getText()).isEqualTo("50.0 %");
        assertThat(half.getAttribute("class")).contains("failed");
        screenshot("portal-endpoints-failing.png");

        // The link opened the portal once.
        browser.get(link);
        assertThat(text("error")).isEqualTo(
                "This link was used already; each link opens the portal once. Ask for a new one.");
        screenshot("portal-link-refused.png");

        // Sign out; sign in with the tenant's key.
        browser.get(base + "/portal/endpoints");
        navigate(browser.findElement(By.cssSelector("header .logout button")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/login");
        screenshot("portal-login.png");
        browser.findElement(By.id("key")).sendKeys(INITECH_KEY);
        navigate(browser.findElement(By.id("sign-in")));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/portal/endpoints");
        assertThat(browser.findElements(By.cssSelector("#endpoints tbody tr"))).hasSize(1);
    }

    @Test
    void shouldServeThePortalWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/portal/login")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains("default-src 'none';"
                + " script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none';"
                + " base-uri 'none'");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    private String portalLink(String base) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/v1/portal-links")).header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\": \"initech\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode body = Json.parse(answer.body());
        assertThat(body.get("tenant").asText()).isEqualTo("initech");
        Duration ttl = Duration.between(Instant.now(), Instant.parse(body.get("expiresAt").asText()));
        assertThat(ttl).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
        return body.get("url").asText();
    }

    /**
     * Delivers the event to the endpoint as the webhook dispatcher does (Standard Webhooks headers, signed with
     * every secret of the subscription) and records the delivery and its attempt as the dispatcher does; returns
     * the delivery id.
     */
    private String deliver(JsonNode subscription, JsonNode event) throws Exception {
        String deliveryId = event.get("id").asText() + ":" + subscription.get("id").asText();
        byte[] body = Json.write(event).getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        String messageId = WebhookHeaders.messageId(deliveryId);
        List<String> secrets = List.of(subscription.get("config").get("secret").asText());
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(subscription.get("config").get("url").asText()))
                .header("content-type", "application/json").header(WebhookSigner.ID_HEADER, messageId)
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secrets, messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        long latency = (System.nanoTime() - started) / 1_000_000;
        ObjectNode delivery = delivery(subscription, event, deliveryId);
        ObjectNode attempt = Json.mapper().createObjectNode();
        attempt.put("deliveryId", deliveryId).put("subscriptionId", subscription.get("id").asText())
                .put("subscriptionName", subscription.get("name").asText()).put("tenant", "initech")
                .put("eventId", event.get("id").asText()).put("eventType", event.get("type").asText())
                .put("endpointHost", "127.0.0.1").put("attempt", 1).put("outcome", "DELIVERED")
                .put("httpStatus", response.statusCode()).put("latencyMs", latency).put("error", (String) null)
                .put("responseBody", response.body()).put("at", Instant.now().toString());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(HANDLER, subscription.get("id").asText() + "/" + event.get("id")
                    .asText(), Json.write(delivery))).get();
            producer.send(new ProducerRecord<>("pb.deliveries", deliveryId, Json.write(attempt))).get();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        return deliveryId;
    }

    private static ObjectNode delivery(JsonNode subscription, JsonNode event, String deliveryId) {
        ObjectNode delivery = Json.mapper().createObjectNode();
        delivery.put("deliveryId", deliveryId);
        ObjectNode ref = delivery.putObject("subscription");
        ref.put("id", subscription.get("id").asText()).put("name", subscription.get("name").asText())
                .put("tenant", "initech").put("type", "WEBHOOK");
        ref.set("config", subscription.get("config"));
        delivery.set("event", event);
        return delivery;
    }

    /** The same event's delivery, failed for good and dead-lettered with its provenance. */
    private void deadLetter(JsonNode subscription, JsonNode event) throws Exception {
        String deliveryId = event.get("id").asText() + ":" + subscription.get("id").asText() + ":failed";
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REASON_CODE, "RETRIES_EXHAUSTED");
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REASON, "HTTP 503 after 8 attempts");
        DeadLetterHeaders.writeText(headers, DeadLetterHeaders.LAST_STATUS, "503");
        DeadLetterHeaders.writeOrigin(headers, HANDLER, 0, 0, Instant.now().toEpochMilli());
        // Its last attempt, as the dispatcher records it on the attempts topic.
        ObjectNode attempt = Json.mapper().createObjectNode();
        attempt.put("deliveryId", deliveryId).put("subscriptionId", subscription.get("id").asText())
                .put("subscriptionName", subscription.get("name").asText()).put("tenant", "initech")
                .put("eventId", event.get("id").asText()).put("eventType", event.get("type").asText())
                .put("endpointHost", "127.0.0.1").put("attempt", 8).put("outcome", "DEAD_LETTER")
                .put("httpStatus", 503).put("latencyMs", 12).put("error", "HTTP 503")
                .put("responseBody", "unavailable").put("at", Instant.now().toString());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(DLT, null, subscription.get("id").asText() + "/x",
                    Json.write(delivery(subscription, event, deliveryId)), headers)).get();
            producer.send(new ProducerRecord<>("pb.deliveries", deliveryId, Json.write(attempt))).get();
        }
    }

    private JsonNode onlySubscription() {
        List<ConsumerRecord<String, String>> all = kafka.readAll("pb.subscriptions");
        assertThat(all).isNotEmpty();
        assertThat(all.stream().map(ConsumerRecord::key).distinct()).hasSize(1);
        return Json.parse(all.get(all.size() - 1).value());
    }

    private static String first(Received received, String header) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(header))
                .findFirst().orElseThrow().getValue().get(0);
    }

    /** Clicks what leaves the page (a link, a form's button) and waits until the next page has loaded. */
    private static void navigate(WebElement element) {
        Browser.follow(browser, element);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new StringSerializer());
    }

    private static long count(String table) throws Exception {
        try (Connection c = db.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM tributary_console." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void screenshot(String name) throws Exception {
        Browser.screenshot(browser, name);
    }
}
