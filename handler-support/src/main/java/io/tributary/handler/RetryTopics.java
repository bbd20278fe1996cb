package io.tributary.handler;

import io.tributary.model.Delivery;
import io.tributary.model.ReliableProducers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How every Tributary handler retries: spring-kafka's non-blocking retries through {@code <topic>-retry-N} topics
 * with exponential backoff and jitter (each record's due time from {@link RetryHeaders}), then {@code <topic>-dlt}. A {@link DeliveryFailure.Permanent} goes to the
 * dead-letter topic at once. Offsets are committed only after a record succeeded or is on its next topic.
 */
public final class RetryTopics {

    private RetryTopics() {
    }

    /** The retry topics of the handler topics, with the schedule. */
    public static RetryTopicConfiguration configuration(List<String> topics, RetrySchedule schedule,
            KafkaTemplate<String, Object> template) {
        ExponentialBackOff backOff = new ExponentialBackOff(schedule.initialInterval().toMillis(),
                schedule.multiplier());
        backOff.setMaxInterval(schedule.maxInterval().toMillis());
        // No jitter here: spring-kafka draws a topic's delay once, at start-up, and its jitter goes above the
        // schedule's waits. RetryHeaders sets each record's due time with RetrySchedule's jitter instead.
        return RetryTopicConfigurationBuilder.newInstance()
                .includeTopics(topics)
                .maxAttempts(schedule.maxAttempts())
                .customBackoff(backOff)
                .retryTopicSuffix("-retry")
                .dltSuffix("-dlt")
                .suffixTopicsWithIndexValues()
                .notRetryOn(DeliveryFailure.Permanent.class)
                .traversingCauses()
                .create(template);
    }

    /**
     * The producer of retry and dead-letter records ({@code acks=all}, idempotent): deliveries as their JSON,
     * undecodable records as their original bytes.
     */
    public static KafkaTemplate<String, Object> template(String bootstrapServers) {
        Map<String, Object> config = ReliableProducers.properties(bootstrapServers);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(Delivery.class, new DeliverySerde.Writer());
        byType.put(byte[].class, new ByteArraySerializer());
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType)));
    }
}
