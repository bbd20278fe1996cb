package io.tributary.console.subscriptions;

import io.tributary.console.config.ConsoleProperties;
import io.tributary.console.ledger.LedgerSearch;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the subscriptions store (the console's and the portal's) and the subscriptions' numbers from the ledger. */
@Configuration(proxyBeanMethods = false)
class SubscriptionsConfiguration {

    @Bean(destroyMethod = "close")
    Subscriptions subscriptions(ConsoleProperties console,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new Subscriptions(bootstrapServers, console.topics().subscriptions());
    }

    @Bean
    RecentEvents recentEvents(LedgerSearch search) {
        return new RecentEvents(search);
    }

    @Bean
    SubscriptionStats subscriptionStats(JdbcTemplate jdbc) {
        return new SubscriptionStats(jdbc);
    }
}
