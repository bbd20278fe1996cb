package io.tributary.console.portal;

import io.tributary.console.config.ConsoleProperties;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the tenant portal: its links and its test events (the tenant's subscriptions are the shared
 * {@link io.tributary.console.subscriptions.Subscriptions} store's).
 */
@Configuration(proxyBeanMethods = false)
class PortalConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PortalConfiguration.class);

    @Bean
    PortalLinks portalLinks(PortalProperties properties, JdbcTemplate jdbc) {
        byte[] key;
        if (properties.linkSecret() == null) {
            key = PortalLinks.generatedKey();
            LOG.warn("Portal: tributary.console.portal.link-secret is not set; portal links are signed with a key"
                    + " generated at start, so links issued before a restart, or by another console instance,"
                    + " do not open the portal. Set it (32 characters or more) in production.");
        } else {
            key = properties.linkSecret().getBytes(StandardCharsets.UTF_8);
        }
        return new PortalLinks(key, properties.linkTtl(), new LedgerUsedNonces(jdbc));
    }

    @Bean(destroyMethod = "close")
    PortalTestEvents portalTestEvents(ConsoleProperties console, PortalProperties portal,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new PortalTestEvents(bootstrapServers, console.topics().events(), portal.testEventsPerMinute());
    }
}
