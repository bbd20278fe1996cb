package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.PostgresDatabase;
import io.tributary.testkit.PostgresExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console and the portal with a Kafka that cannot be reached (a closed loopback port) and a real PostgreSQL:
 * a page that reads the subscriptions answers 503 with a page that says so and that nothing was changed, the
 * console's naming the topic and the reason, the portal's naming nothing of the console's internals.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleKafkaUnavailableIT {

    static final String ADMIN_KEY = "unavailable-admin-key-0123456789";
    static final String TENANT_KEY = "unavailable-acme-key-0123456789";
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresDatabase db = PostgresExtension.database().createDatabase("console_unavailable");
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:9");
        ConsoleTestProperties.ledger(registry, db);
        registry.add("tributary.console.topic-prefix", () -> "ku");
        registry.add("tributary.api.key-store", () -> "");
        ConsoleTestProperties.adminKey(registry, ADMIN_KEY);
        ConsoleTestProperties.tenantKey(registry, 1, TENANT_KEY, "acme");
    }

    @Test
    void shouldSayThatTheSubscriptionsCannotBeReadOnTheConsoleAndThePortal() throws Exception {
        HttpClient console = signIn("/console/login", ADMIN_KEY);
        HttpResponse<String> subscriptions = console.send(HttpRequest.newBuilder(URI.create(base()
                + "/console/subscriptions")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subscriptions.statusCode()).isEqualTo(503);
        assertThat(subscriptions.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(subscriptions.body()).contains("Not available right now",
                "the subscriptions topic ku.subscriptions could not be read", "Nothing was changed.");

        HttpClient portal = signIn("/portal/login", TENANT_KEY);
        HttpResponse<String> endpoints = portal.send(HttpRequest.newBuilder(URI.create(base() + "/portal/endpoints"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(endpoints.statusCode()).isEqualTo(503);
        assertThat(endpoints.body()).contains("Your endpoints cannot be read or changed right now, and nothing was"
                + " changed.").doesNotContain("ku.subscriptions");
    }

    private HttpClient signIn(String login, String key) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Matcher csrf = CSRF.matcher(http.send(HttpRequest.newBuilder(URI.create(base() + login)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).as("the sign-in form's anti-forgery token").isTrue();
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base() + login))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + key + "&csrf=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        return http;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
