package io.tributary.sync.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.handler.HandlerRetryTopicSupport;
import io.tributary.handler.RetrySchedule;
import io.tributary.handler.RetryTopics;
import io.tributary.model.Topics;
import io.tributary.sync.FieldMapping;
import io.tributary.sync.SyncListener;
import io.tributary.sync.Syncer;
import io.tributary.sync.store.MappingStore;
import io.tributary.sync.target.HttpTarget;
import io.tributary.sync.target.JdbcTarget;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;

/** Wires the sync-worker: targets, the mapping store, the listener and the shared retry machinery. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tributary.sync.enabled", havingValue = "true", matchIfMissing = true)
class SyncConfiguration {

    @Bean
    String[] syncTopics(SyncProperties properties) {
        Topics topics = new Topics(properties.topicPrefix());
        return properties.handlerTypes().stream().map(topics::handler).toArray(String[]::new);
    }

    /** The listener's consumer group ({@code tributary.sync.group-id}), which its annotation reads. */
    @Bean
    String syncGroupId(SyncProperties properties) {
        return properties.groupId();
    }

    /** The listener's threads per topic ({@code tributary.sync.concurrency}), which its annotation reads. */
    @Bean
    String syncConcurrency(SyncProperties properties) {
        return String.valueOf(properties.concurrency());
    }

    /** The mapping store; {@code tributary.sync.database.url} is required, which {@link SyncProperties} checks. */
    @Bean
    MappingStore mappingStore(SyncProperties properties) throws SQLException {
        MappingStore store = new MappingStore(properties.database());
        store.createTableIfMissing();
        return store;
    }

    @Bean
    Syncer syncer(SyncProperties properties, MappingStore store, MeterRegistry meters) {
        Map<String, Syncer.Target> targets = new LinkedHashMap<>();
        properties.targets().forEach((name, target) -> targets.put(name, new Syncer.Target(name,
                "jdbc".equals(target.provider()) ? new JdbcTarget(name, target.jdbc()) : new HttpTarget(target.http()),
                FieldMapping.compile("tributary.sync.targets." + name + ".mapping", target.mapping()),
                target.fetchCurrentRow())));
        return new Syncer(targets, store, meters);
    }

    @Bean
    SyncListener syncListener(Syncer syncer) {
        return new SyncListener(syncer);
    }

    @Bean
    KafkaTemplate<String, Object> retryTemplate(
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return RetryTopics.template(bootstrapServers);
    }

    @Bean
    RetryTopicConfiguration syncRetries(KafkaTemplate<String, Object> retryTemplate, SyncProperties properties,
            String[] syncTopics) {
        return RetryTopics.configuration(List.of(syncTopics), properties.retry().schedule(), retryTemplate);
    }

    /** The shared retry machinery, with the sync schedule. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "tributary.sync.enabled", havingValue = "true", matchIfMissing = true)
    static class RetryTopicSupport extends HandlerRetryTopicSupport {

        private final SyncProperties properties;

        RetryTopicSupport(SyncProperties properties) {
            this.properties = properties;
        }

        @Override
        protected RetrySchedule schedule() {
            return properties.retry().schedule();
        }
    }
}
