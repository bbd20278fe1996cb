package io.tributary.router.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.model.TopicLayout;
import io.tributary.model.Topics;
import io.tributary.router.index.SubscriptionIndex;
import io.tributary.router.topology.RouterCounters;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires the router: the subscription index, the streams, and the topics it reads and writes. */
@Configuration(proxyBeanMethods = false)
class RouterConfiguration {

    @Bean
    SubscriptionIndex subscriptionIndex() {
        return new SubscriptionIndex();
    }

    @Bean
    RouterCounters routerCounters() {
        return new RouterCounters();
    }

    @Bean
    @ConditionalOnProperty(name = "tributary.router.enabled", havingValue = "true", matchIfMissing = true)
    RouterStreams routerStreams(RouterProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
            SubscriptionIndex index, RouterCounters counters, MeterRegistry registry) {
        return new RouterStreams(properties, bootstrapServers, index, counters, registry);
    }

    /** Readiness: DOWN while the routing streams do not run. */
    @Bean
    RouterStreamsHealthIndicator routerStreamsHealthIndicator(ObjectProvider<RouterStreams> router) {
        return new RouterStreamsHealthIndicator(router, false);
    }

    /** Liveness: DOWN once the routing streams are in ERROR, which only a restart of the process leaves. */
    @Bean
    RouterStreamsHealthIndicator routerStreamsLivenessHealthIndicator(ObjectProvider<RouterStreams> router) {
        return new RouterStreamsHealthIndicator(router, true);
    }

    /**
     * Creates the topics the router reads and writes when they are missing, as {@link TopicLayout} declares them
     * (the events topic with room for the largest event); existing ones are left alone.
     */
    @Bean
    @ConditionalOnProperty(name = "tributary.router.enabled", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics routerTopics(RouterProperties properties) {
        Topics topics = new Topics(properties.topicPrefix());
        Set<String> routers = Set.of(topics.events(), topics.eventsDeadLetter(), topics.subscriptions());
        return new KafkaAdmin.NewTopics(TopicLayout.topics(topics, properties.partitions(),
                properties.replicationFactor()).stream().filter(t -> routers.contains(t.name()))
                .toArray(NewTopic[]::new));
    }
}
