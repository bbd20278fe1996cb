package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import io.tributary.testkit.KafkaCluster;
import io.tributary.testkit.KafkaExtension;
import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The deliveries page in a real browser (Debian's chromium, headless, through chromium-driver): an operator signs in
 * with an admin key, searches failed deliveries by their payload and status class, and sees exactly those; the page
 * is served with a strict Content-Security-Policy and a screenshot of it is saved under {@code target/screenshots}.
 */
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleDeliveriesPageIT {

    static final String ADMIN_KEY = "console-admin-key-0123456789";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static PostgresDatabase db;

    @Value("${local.server.port}")
    int port;

    WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        db = PostgresExtension.database().createDatabase("console_page");
        KafkaCluster kafka = KafkaExtension.cluster();
        kafka.createTopics(1, "cp.events", "cp.handler.webhook", "cp.deliveries");
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("tributary.console.topic-prefix", () -> "cp");
        registry.add("tributary.console.group-id", () -> "cp-console");
        registry.add("tributary.api.key-store", () -> "");
        registry.add("tributary.api.keys[0].key", () -> ADMIN_KEY);
        registry.add("tributary.api.keys[0].admin", () -> "true");
    }

    @BeforeEach
    void openBrowser() {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertThat(chromium.canExecute()).as("Debian's chromium (apt-get install -y chromium chromium-driver)").isTrue();
        assertThat(driver.canExecute()).as("Debian's chromium-driver (apt-get install -y chromium chromium-driver)").isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1500,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldLetAnOperatorFindFailedDeliveriesByTheirPayload() throws Exception {
        Instant base = Instant.parse("2026-02-10T09:00:00Z");
        Set<String> failedCancelled = new TreeSet<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String status = i % 3 == 0 ? "cancelled" : "confirmed";
            ObjectNode row = Json.mapper().createObjectNode().put("status", status).put("total", 10 * i);
            ObjectNode event = LedgerFixtures.rowChange("pg-" + i, "co_7", "salesOrder", "UPDATE", "so_" + i, row,
                    row, base.plusSeconds(60L * i));
            ObjectNode delivery = LedgerFixtures.delivery(event, "sub_crm", "co_7",
                    i % 2 == 0 ? "https://crm.example.com/hook" : "https://erp.example.net/in");
            boolean fails = i % 2 == 0;
            records.add(new ProducerRecord<>("cp.handler.webhook", "sub_crm/so_" + i, Json.write(delivery)));
            records.add(new ProducerRecord<>("cp.deliveries", delivery.get("deliveryId").asText(), Json.write(
                    LedgerFixtures.attempt(delivery, 1, fails ? "RETRY" : "DELIVERED", fails ? 503 : 200, 40 + i,
                            base.plusSeconds(60L * i + 1)))));
            if (fails && status.equals("cancelled")) {
                failedCancelled.add(delivery.get("deliveryId").asText());
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaExtension.cluster().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            records.forEach(producer::send);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("attempts") == 24 && count("deliveries") == 24);

        String console = "http://127.0.0.1:" + port + "/console";
        browser.get(console + "/deliveries");
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/login");
        browser.findElement(By.id("key")).sendKeys(ADMIN_KEY);
        browser.findElement(By.id("sign-in")).click();
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/deliveries");
        assertThat(rows()).hasSize(24);

        browser.findElement(By.id("filter")).sendKeys("{\"status\": \"cancelled\"}");
        browser.findElement(By.name("status")).sendKeys("5xx");
        browser.findElement(By.id("run-search")).click();
        List<WebElement> rows = rows();
        assertThat(rows).extracting(row -> row.findElements(By.tagName("td")).get(1).getText())
                .containsExactlyElementsOf(failedCancelled.stream()
                        .sorted((a, b) -> Integer.compare(number(b), number(a))).toList());
        assertThat(rows.get(0).findElements(By.tagName("td")).get(6).getText()).isEqualTo("crm.example.com");
        assertThat(rows.get(0).findElements(By.tagName("td")).get(8).getText()).isEqualTo("RETRY");
        assertThat(rows.get(0).findElements(By.tagName("td")).get(9).getText()).isEqualTo("503");
        screenshot("console-deliveries.png");

        browser.findElement(By.name("status")).clear();
        browser.findElement(By.name("status")).sendKeys("6xx");
        browser.findElement(By.id("run-search")).click();
        assertThat(browser.findElements(By.cssSelector("ul.errors li"))).extracting(WebElement::getText)
                .containsExactly("status: must be an HTTP status such as 503, a class such as 5xx, or 0 (no response),"
                        + " got '6xx'");
        screenshot("console-deliveries-error.png");

        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(console + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none';"
                + " style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().allValues("Set-Cookie")).singleElement().asString()
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    }

    List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#results tbody tr"));
    }

    static int number(String deliveryId) {
        return Integer.parseInt(deliveryId.substring(3, deliveryId.indexOf(':')));
    }

    void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
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
