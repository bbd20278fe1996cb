package io.tributary.client.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The client library's settings under {@code tributary.client}, for services on Spring Boot.
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
}
