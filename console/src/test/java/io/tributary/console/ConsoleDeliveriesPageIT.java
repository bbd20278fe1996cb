package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.DeadLetterHeaders;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an operator does in the console, in a real browser (Debian's chromium, headless, through chromium-driver),
 * over one console, broker, database and browser for the class: an endpoint fails; the operator signs in, finds the
 * failed deliveries by searching their payload, opens one and reads its attempts and masked headers, resends it,
 * reads the exact count of a redrive of the dead letters, runs it, and sees that running it again would send
 * nothing; the overview shows the last hour. Every screen is served with a strict Content-Security-Policy and
 * saved as a screenshot under {@code target/screenshots}.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDeliveriesPageIT {

    static final String ADMIN_KEY = "console-admin-key-0123456789";
    /** The secret the deliveries were routed with (LedgerFixtures), and sub_crm's current one. */
    static final String SECRET = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";
    static final String CURRENT_SECRET = "whsec_Y29uc29sZS10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=";
    /** The browser's zone: times are shown in it, UTC on hover. */
    static final java.time.ZoneId BROWSER_ZONE = java.time.ZoneId.of("Asia/Kolkata");
    static final String HANDLER = "cp.handler.webhook";
    static final String DLT = "cp.handler.webhook-dlt";
    /** The records are from the last half hour, so that the overview's last hour holds every one. */
    static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
    static PostgresDatabase db;
    static WebDriver browser;
    /** The deliveries that failed (503) and whose order was cancelled, and were dead-lettered. */
    static final Set<String> FAILED_CANCELLED = new TreeSet<>();
    static boolean produced;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_page");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "cp.events", HANDLER, "cp.deliveries", DLT);
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "cp");
        registry.add("tributary.console.group-id", () -> "cp-console");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
    }

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open(BROWSER_ZONE, 1500, 1000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /**
     * 24 deliveries of salesOrder changes to sub_crm, half to an endpoint answering 503 (crm.example.com), half
     * delivered; the failed ones of cancelled orders are dead-lettered. sub_crm's current URL is fixed.
     */
    @BeforeEach
    void produceOnce() throws Exception {
        if (produced) {
            return;
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String status = i % 3 == 0 ? "cancelled" : "confirmed";
            ObjectNode row = Json.mapper().createObjectNode().put("status", status).put("total", 10 * i);
            ObjectNode event = LedgerFixtures.rowChange("pg-" + i, "co_7", "salesOrder", "UPDATE", "so_" + i, row,
                    row, BASE.plusSeconds(60L * i));
            ObjectNode delivery = LedgerFixtures.delivery(event, "sub_crm", "co_7",
                    i % 2 == 0 ? "https://crm.example.com/hook" : "https://erp.example.net/in");
            ((ObjectNode) delivery.get("subscription").get("config")).putObject("headers")
                    .put("X-Api-Key", "key-live-0123456789abcdef");
            boolean fails = i % 2 == 0;
            String deliveryId = delivery.get("deliveryId").asText();
            records.add(new ProducerRecord<>(HANDLER, "sub_crm/so_" + i, Json.write(delivery)));
            ObjectNode attempt = LedgerFixtures.attempt(delivery, 1, fails ? "RETRY" : "DELIVERED", fails ? 503 : 200,
                    40 + i, BASE.plusSeconds(60L * i + 1));
            if (fails) {
                attempt.put("error", (String) null).put("responseBody", "upstream busy, try later");
                // The request the attempt sent, as the webhook dispatcher records it (WebhookRequest.shown).
                byte[] body = Json.write(event).getBytes(StandardCharsets.UTF_8);
                ObjectNode request = attempt.putObject("request").put("method", "POST")
                        .put("url", "https://crm.example.com/hook");
                com.fasterxml.jackson.databind.node.ArrayNode sent = request.putArray("headers");
                sent.addObject().put("name", "content-type").put("value", "application/json; charset=UTF-8");
                sent.addObject().put("name", "X-Api-Key").put("value", "…cdef");
                sent.addObject().put("name", "webhook-id").put("value", deliveryId);
                sent.addObject().put("name", "webhook-timestamp").put("value", Long.toString(BASE.plusSeconds(60L * i
                        + 1).getEpochSecond()));
                sent.addObject().put("name", "webhook-signature").put("value", "v1,… (masked)");
                request.put("bodyBytes", body.length).put("bodySha256", java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(body)))
                        .put("body", Json.write(event)).put("bodyTruncated", false);
            }
            records.add(new ProducerRecord<>("cp.deliveries", deliveryId, Json.write(attempt)));
            if (fails && status.equals("cancelled")) {
                FAILED_CANCELLED.add(deliveryId);
                RecordHeaders headers = new RecordHeaders();
                DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REASON_CODE, "RETRIES_EXHAUSTED");
                DeadLetterHeaders.writeText(headers, DeadLetterHeaders.REASON, "HTTP 503 after 1 attempt");
                DeadLetterHeaders.writeText(headers, DeadLetterHeaders.LAST_STATUS, "503");
                DeadLetterHeaders.writeText(headers, DeadLetterHeaders.ATTEMPTS, "1");
                DeadLetterHeaders.writeOrigin(headers, HANDLER, 0, 2L * i, BASE.toEpochMilli());
                records.add(new ProducerRecord<>(DLT, null, "sub_crm/so_" + i, Json.write(delivery), headers));
            }
        }
        try (KafkaProducer<String, String> producer = producer()) {
            records.forEach(producer::send);
            producer.send(new ProducerRecord<>("cp.subscriptions", "sub_crm", """
                    {"id": "sub_crm", "name": "notify-sub_crm", "tenant": "co_7", "table": "salesOrder",
                     "type": "WEBHOOK", "config": {"url": "https://crm.example.com/fixed", "secret": "%s"}}
                    """.formatted(CURRENT_SECRET))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("attempts") == 24 && count("deliveries") == 24
                && count("dead_letters WHERE topic = '" + DLT + "'") == FAILED_CANCELLED.size());
        produced = true;
    }

    @Test
    @Order(1)
    void shouldLetAnOperatorFindFailedDeliveriesByTheirPayload() throws Exception {
        String console = console();
        browser.get(console + "/deliveries");
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login");
        screenshot("console-login.png");
        browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
        Browser.follow(browser, browser.findElement(By.id("sign-in")));
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/deliveries");
        assertThat(rows()).hasSize(24);

        browser.findElement(By.id("filter")).sendKeys("{\"status\": \"cancelled\"}");
        browser.findElement(By.name("status")).sendKeys("5xx");
        Browser.follow(browser, browser.findElement(By.id("run-search")));
        List<WebElement> rows = rows();
        assertThat(rows).extracting(row -> cell(row, 1))
                .containsExactlyElementsOf(FAILED_CANCELLED.stream()
                        .sorted((a, b) -> Integer.compare(number(b), number(a))).toList());
        assertThat(cell(rows.get(0), 6)).isEqualTo("crm.example.com");
        assertThat(cell(rows.get(0), 8)).isEqualTo("RETRY");
        assertThat(cell(rows.get(0), 9)).isEqualTo("503");
        WebElement time = rows.get(0).findElement(By.tagName("time"));
        assertThat(time.getAttribute("title")).isEqualTo(BASE.plusSeconds(60L * 18).toString()
                .replace("T", " ").replace("Z", " UTC"));
        assertThat(time.getText()).contains(BASE.plusSeconds(60L * 18).atZone(BROWSER_ZONE).format(
                java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"))).endsWith("GMT+5:30");
        screenshot("console-deliveries.png");

        browser.findElement(By.name("status")).clear();
        browser.findElement(By.name("status")).sendKeys("6xx");
        Browser.follow(browser, browser.findElement(By.id("run-search")));
        assertThat(browser.findElements(By.cssSelector("ul.errors li"))).extracting(WebElement::getText)
                .containsExactly("status: must be an HTTP status such as 503, a class such as 5xx, or 0 (no response),"
                        + " got '6xx'");
        screenshot("console-deliveries-error.png");
        browser.get(console + "/deliveries?tenant=co_nobody");
        assertThat(awaitEmptyState().getText()).startsWith("No deliveries match. Widen"
                + " the time range, clear a field");
        screenshot("console-deliveries-none.png");

        for (String page : List.of("/login", "/overview", "/deliveries", "/dead-letters")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(console + page)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(page).hasValue("default-src"
                    + " 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(console + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().allValues("Set-Cookie")).singleElement().asString()
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        // The attempts search finds the same failures by the dimensions the dispatcher records with each attempt.
        JsonNode attempts = api("GET", "/v1/attempts?tenant=co_7&endpoint=crm.example.com&status=5xx&filter="
                + URLEncoder.encode("{\"status\": \"cancelled\"}", StandardCharsets.UTF_8));
        assertThat(attempts.get("items").findValuesAsText("deliveryId")).containsExactlyInAnyOrderElementsOf(
                FAILED_CANCELLED);
        assertThat(attempts.get("items").get(0).get("eventType").asText()).isEqualTo("salesOrder.update");
    }

    @Test
    @Order(2)
    void shouldShowADeliverysAttemptsWithItsSecretsMaskedAndResendIt() throws Exception {
        signIn();
        String failed = FAILED_CANCELLED.stream().max((a, b) -> Integer.compare(number(a), number(b))).orElseThrow();
        browser.get(console() + "/deliveries?status=5xx&filter=" + URLEncoder.encode("{\"status\": \"cancelled\"}",
                StandardCharsets.UTF_8));
        Browser.follow(browser, rows().get(0).findElement(By.cssSelector("a.delivery")));
        assertThat(browser.getCurrentUrl()).isEqualTo(console() + "/delivery?id=" + failed);
        assertThat(browser.findElement(By.id("delivery-id")).getText()).isEqualTo(failed);
        List<WebElement> attempts = browser.findElements(By.cssSelector("#attempts tbody tr"));
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("1", attempts.get(0).findElement(By.tagName("time")).getText(), "RETRY", "503",
                        (40 + number(failed)) + " ms", "", "upstream busy, try later");
        assertThat(browser.findElement(By.id("request-line")).getText())
                .isEqualTo("POST https://crm.example.com/hook (attempt 1)");
        assertThat(browser.findElements(By.cssSelector("#headers tr"))).extracting(WebElement::getText)
                .containsExactly("content-type application/json; charset=UTF-8", "X-Api-Key …cdef",
                        "webhook-id " + failed, "webhook-timestamp " + BASE.plusSeconds(60L * number(failed) + 1)
                                .getEpochSecond(), "webhook-signature v1,… (masked)");
        JsonNode sentEvent = Json.parse(browser.findElement(By.id("request-body")).getText());
        assertThat(sentEvent.get("id").asText()).isEqualTo("pg-" + number(failed));
        assertThat(browser.findElement(By.id("request-size")).getText()).startsWith(
                sentEvent.toString().getBytes(StandardCharsets.UTF_8).length + " bytes, SHA-256 ");
        assertThat(browser.getPageSource()).doesNotContain("key-live-0123456789abcdef").doesNotContain(SECRET)
                .doesNotContain(CURRENT_SECRET);
        screenshot("console-delivery.png");

        long before = readAll(HANDLER).size();
        Browser.follow(browser, browser.findElement(By.id("resend-now")));
        assertThat(browser.findElement(By.id("flash")).getText()).isEqualTo("Sent again to " + HANDLER
                + " (with subscription sub_crm's current settings). Its attempts appear below as the dispatcher makes"
                + " them.");
        List<ConsumerRecord<String, String>> handler = readAll(HANDLER);
        assertThat(handler).hasSize((int) before + 1);
        JsonNode resent = Json.parse(handler.get(handler.size() - 1).value());
        assertThat(resent.get("deliveryId").asText()).isEqualTo(failed);
        assertThat(resent.get("subscription").get("config").get("url").asText())
                .isEqualTo("https://crm.example.com/fixed");
        assertThat(handler.get(handler.size() - 1).key()).isEqualTo("sub_crm/so_" + number(failed));
        screenshot("console-delivery-resent.png");

        browser.get(console() + "/delivery?id=nope:sub_x");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("No such delivery");
        screenshot("console-delivery-unknown.png");
    }

    /** The search page's empty state, once the submitted search's page has loaded. */
    private org.openqa.selenium.WebElement awaitEmptyState() {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("p.empty")), java.util.Objects::nonNull);
    }

    @Test
    @Order(3)
    void shouldRedriveTheDeadLettersASearchFindsAfterShowingTheirCountAndNeverTwice() throws Exception {
        signIn();
        browser.get(console() + "/dead-letters");
        Browser.follow(browser, browser.findElement(By.linkText(DLT + " " + FAILED_CANCELLED.size())));
        browser.findElement(By.id("filter")).sendKeys("{\"total\": -1}");
        Browser.follow(browser, browser.findElement(By.id("run-search")));
        assertThat(awaitEmptyState().getText()).isEqualTo("No dead letters match. Clear a"
                + " field or choose another topic above.");
        screenshot("console-dead-letters-none.png");
        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("filter")).sendKeys("{\"total\": 0}");
        Browser.follow(browser, browser.findElement(By.id("run-search")));
        assertThat(rows()).hasSize(1);
        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("filter")).sendKeys("{\"status\": \"cancelled\"}");
        Browser.follow(browser, browser.findElement(By.id("run-search")));
        List<WebElement> rows = rows();
        assertThat(rows).extracting(row -> cell(row, 3)).containsExactlyInAnyOrderElementsOf(FAILED_CANCELLED);
        assertThat(cell(rows.get(0), 6)).isEqualTo("RETRIES_EXHAUSTED HTTP 503 after 1 attempt");
        assertThat(cell(rows.get(0), 7)).isEqualTo("503");
        assertThat(cell(rows.get(0), 8)).isEqualTo(HANDLER + " 0:" + 2 * number(cell(rows.get(0), 3)));
        screenshot("console-dead-letters.png");

        int all = FAILED_CANCELLED.size();
        long before = readAll(HANDLER).size();
        // A selection first: the oldest row's dead letter only.
        String selected = cell(rows.get(rows.size() - 1), 3);
        rows.get(rows.size() - 1).findElement(By.name("position")).click();
        Browser.follow(browser, browser.findElement(By.id("redrive-selected")));
        assertThat(browser.findElement(By.id("plan-summary")).getText()).isEqualTo("You selected 1 dead letter: 1 will"
                + " be sent back to the topic it came from, and 0 were redriven before and will be skipped.");
        screenshot("console-redrive-selection-count.png");
        Browser.follow(browser, browser.findElement(By.id("run-redrive")));
        assertThat(redriveSummary()).isEqualTo("1 redriven, 0 redriven before and skipped.");
        Browser.follow(browser, browser.findElement(By.id("back")));
        assertThat(readAll(HANDLER).subList((int) before, (int) before + 1)).extracting(r -> Json.parse(r.value())
                .get("deliveryId").asText()).containsExactly(selected);

        // Then everything the search finds: the one redriven before is counted, and skipped.
        Browser.follow(browser, browser.findElement(By.id("redrive-all")));
        assertThat(browser.findElement(By.id("matching")).getText()).isEqualTo(String.valueOf(all));
        assertThat(browser.findElement(By.id("to-send")).getText()).isEqualTo(String.valueOf(all - 1));
        assertThat(browser.findElement(By.id("redriven-before")).getText()).isEqualTo("1");
        screenshot("console-redrive-count.png");
        Browser.follow(browser, browser.findElement(By.id("run-redrive")));
        assertThat(redriveSummary()).isEqualTo((all - 1) + " redriven, 1 redriven before and skipped.");
        screenshot("console-redrive-done.png");
        Browser.follow(browser, browser.findElement(By.id("back")));
        List<ConsumerRecord<String, String>> handler = readAll(HANDLER);
        List<ConsumerRecord<String, String>> redriven = handler.subList((int) before, handler.size());
        assertThat(redriven).extracting(r -> Json.parse(r.value()).get("deliveryId").asText())
                .containsExactlyInAnyOrderElementsOf(FAILED_CANCELLED);
        assertThat(redriven).allSatisfy(r -> {
            assertThat(Json.parse(r.value()).get("subscription").get("config").get("url").asText())
                    .isEqualTo("https://crm.example.com/fixed");
            assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM).value(),
                    StandardCharsets.UTF_8)).startsWith(DLT + "/0:");
            assertThat(r.headers().lastHeader(DeadLetterHeaders.REASON_CODE)).isNull();
        });
        screenshot("console-dead-letters-after-redrive.png");

        Browser.follow(browser, browser.findElement(By.id("redrive-all")));
        assertThat(browser.findElement(By.id("to-send")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("redriven-before")).getText()).isEqualTo(String.valueOf(all));
        assertThat(browser.findElements(By.id("run-redrive"))).isEmpty();
        screenshot("console-redrive-nothing-left.png");
        // The API a script calls counts the same.
        JsonNode plan = api("POST", "/v1/dead-letters/redrive?dryRun=true&topic=" + DLT);
        assertThat(Json.write(plan)).isEqualTo("{\"matching\":" + FAILED_CANCELLED.size() + ",\"redrivenBefore\":"
                + FAILED_CANCELLED.size() + ",\"toSend\":0}");
        JsonNode again = api("POST", "/v1/dead-letters/redrive?topic=" + DLT);
        assertThat(Json.write(again)).isEqualTo("{\"sent\":0,\"skipped\":" + FAILED_CANCELLED.size()
                + ",\"missing\":0,\"notes\":[]}");
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/v1/dead-letters/redrive?async=true&topic=" + DLT))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String job = "/v1/redrives/" + Json.parse(started.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> api("GET", job).get("state").asText().equals("DONE"));
        assertThat(api("GET", job).get("summary").asText()).isEqualTo("0 redriven, " + all
                + " redriven before and skipped.");
        assertThat(readAll(HANDLER)).hasSize(handler.size());

        // A state change needs the session's anti-forgery token: without it, nothing is sent.
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console()
                + "/dead-letters/redrive")).header("Cookie", "JSESSIONID=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=" + DLT + "&csrf=forged")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(
                "/console/login"));
        assertThat(readAll(HANDLER)).hasSize(handler.size());
    }

    @Test
    @Order(4)
    void shouldShowTheLastHourOnTheOverview() throws Exception {
        signIn();
        browser.get(console() + "/overview");
        // The broker is shared with the other tests of the module, and the ledger follows every dead-letter
        // topic: events and dead letters of theirs may be in the last hour too, beside this test's own.
        long foreignEvents = count("events WHERE event_id NOT LIKE 'pg-%' AND at > now() - interval '1 hour'");
        long foreignDeadLetters = count("dead_letters WHERE topic <> '" + DLT + "' AND at > now() - interval '1 hour'");
        assertThat(browser.findElement(By.id("events")).getText()).isEqualTo(String.valueOf(24 + foreignEvents));
        assertThat(browser.findElement(By.id("deliveries")).getText()).isEqualTo("24");
        assertThat(browser.findElement(By.id("success-rate")).getText()).isEqualTo("50.0 %");
        assertThat(browser.findElement(By.id("p99")).getText()).isEqualTo("63 ms");
        assertThat(browser.findElement(By.id("dead-letters")).getText())
                .isEqualTo(String.valueOf(FAILED_CANCELLED.size() + foreignDeadLetters));
        assertThat(browser.findElements(By.cssSelector("#dlt-topics tr"))).extracting(WebElement::getText)
                .contains(DLT + " " + FAILED_CANCELLED.size());
        assertThat(browser.findElements(By.cssSelector("#failing tbody tr"))).extracting(WebElement::getText)
                .containsExactly("crm.example.com 12 12");
        assertThat(browser.findElements(By.cssSelector("#outcomes tr"))).extracting(WebElement::getText)
                .containsExactly("DELIVERED 12", "RETRY 12");
        screenshot("console-overview.png");
        JsonNode overview = api("GET", "/v1/overview");
        assertThat(overview.get("successRate").asDouble()).isEqualTo(0.5);
        assertThat(overview.get("p99LatencyMs").asLong()).isEqualTo(63);
    }

    /** The summary on a redrive's page once it is done (the page reloads itself while the redrive runs). */
    String redriveSummary() {
        assertThat(browser.getCurrentUrl()).startsWith(console() + "/redrives/");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (browser.findElement(By.id("state")).getText().equals("Done")) {
                return true;
            }
            browser.navigate().refresh();
            return false;
        });
        assertThat(browser.findElements(By.id("cancel-redrive"))).isEmpty();
        return browser.findElement(By.id("summary")).getText();
    }

    String console() {
        return "http://127.0.0.1:" + port + "/console";
    }

    void signIn() {
        browser.get(console() + "/overview");
        if (browser.getCurrentUrl().endsWith("/login")) {
            browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
            Browser.follow(browser, browser.findElement(By.id("sign-in")));
        }
        assertThat(browser.getCurrentUrl()).isEqualTo(console() + "/overview");
    }

    JsonNode api(String method, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    static String cell(WebElement row, int column) {
        return row.findElements(By.tagName("td")).get(column).getText();
    }

    static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#results tbody tr"));
    }

    static int number(String deliveryId) {
        return Integer.parseInt(deliveryId.substring(3, deliveryId.indexOf(':')));
    }

    static void screenshot(String name) throws Exception {
        Browser.screenshot(browser, name);
    }

    static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaExtension.cluster().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** Every record of a one-partition topic, in order. */
    static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.cluster().bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(records::add);
            }
        }
        return records;
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
