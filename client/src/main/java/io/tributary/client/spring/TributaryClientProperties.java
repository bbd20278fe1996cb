package io.tributary.client.spring;

import io.tributary.model.auth.ApiKeys;
import io.tributary.model.config.ConfigurationProblems;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The client library's settings under {@code tributary.client}, for services on Spring Boot. Invalid values fail
 * start-up, every one listed at once with its full key, value (the key masked) and reason.
 *
 * @param bootstrapServers the Kafka cluster the {@code EventPublisher} produces to
 * @param source           this service's CloudEvents source, such as {@code /services/billing}
 * @param topicPrefix      the prefix of Tributary's topics
 * @param ingestUrl        the capture-service's base URL, for the {@code IngestClient}
 * @param adminUrl         the router-service's base URL, for the {@code SubscriptionsClient}
 * @param apiKey           the API key of both clients
 * @param outboxTable      the outbox table the {@code OutboxWriter} writes to
 */
@ConfigurationProperties("tributary.client")
public record TributaryClientProperties(String bootstrapServers, String source,
        @DefaultValue("tributary") String topicPrefix, String ingestUrl, String adminUrl, String apiKey,
        @DefaultValue("tributary_outbox") String outboxTable) {

    private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s/?#@]+(/\\S*)?");

    public TributaryClientProperties {
        ConfigurationProblems problems = new ConfigurationProblems("Tributary client", "tributary.client");
        problems.topicPrefix("topic-prefix", topicPrefix);
        problems.notBlank("outbox-table", outboxTable);
        if (source != null) {
            problems.notBlank("source", source);
        }
        if (ingestUrl != null) {
            problems.matches("ingest-url", ingestUrl, HTTP_URL, "an http or https URL such as http://capture:8081");
        }
        if (adminUrl != null) {
            problems.matches("admin-url", adminUrl, HTTP_URL, "an http or https URL such as http://router:8082");
        }
        if (apiKey != null) {
            problems.secret(apiKey.length() >= ApiKeys.MIN_KEY_LENGTH, "api-key", apiKey,
                    "must be at least " + ApiKeys.MIN_KEY_LENGTH + " characters");
        }
        problems.throwIfAny();
    }
}
