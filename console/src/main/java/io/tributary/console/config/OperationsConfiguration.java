package io.tributary.console.config;

import io.tributary.console.actions.ReplayJobs;
import io.tributary.console.keys.ConsoleKeys;
import io.tributary.console.status.ConsumerLag;
import io.tributary.console.status.ServiceHttp;
import io.tributary.console.status.ServiceStatus;
import io.tributary.console.tables.ConsoleTables;
import io.tributary.model.auth.ApiKeyProperties;
import io.tributary.model.auth.ApiKeyRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires what the console's operations screens use beside the ledger: the consumer groups' lag, the router's and the
 * capture's status and APIs at their configured URLs, the replays ({@code tributary.console.capture-url}, {@code router-url}),
 * and the key store's registry on the topic the keys are checked against ({@code tributary.api.key-store}).
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean(destroyMethod = "close")
    ConsumerLag consumerLag(ConsoleProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new ConsumerLag(bootstrapServers, properties.topicPrefix());
    }

    @Bean(destroyMethod = "close")
    ReplayJobs replayJobs(Clock clock,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new ReplayJobs(bootstrapServers, clock);
    }

    @Bean
    ConsoleTables consoleTables(ConsoleProperties properties) {
        return new ConsoleTables(properties.captureBase());
    }

    @Bean
    ServiceHttp serviceHttp() {
        return new ServiceHttp();
    }

    @Bean
    ServiceStatus serviceStatus(ServiceHttp http, ConsoleProperties properties) {
        return new ServiceStatus(http, properties.captureBase(), properties.routerBase());
    }

    @Bean
    ConsoleKeys consoleKeys(ApiKeyProperties keys,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new ConsoleKeys(keys.keyStore() == null ? null : new ApiKeyRegistry(bootstrapServers, keys.keyStore()),
                keys.keyStore());
    }
}
