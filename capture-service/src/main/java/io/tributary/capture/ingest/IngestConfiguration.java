package io.tributary.capture.ingest;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the ingestion API. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    EventWriter eventWriter(IngestProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new EventWriter(bootstrapServers, properties.topicPrefix());
    }

    @Bean
    Clock ingestClock() {
        return Clock.systemUTC();
    }
}
