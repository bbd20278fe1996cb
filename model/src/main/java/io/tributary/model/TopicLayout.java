package io.tributary.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Every topic Tributary uses, with its configuration: the record topics with the given partition count (the same
 * count everywhere, so per-record order holds across every hop), the stores compacted with one partition.
 */
public final class TopicLayout {

    /**
     * The most bytes of key and value one record may take: Kafka's defaults (the producer's
     * {@code max.request.size}, the broker's {@code message.max.bytes}) allow 1 MiB per record batch, and the
     * batch's own headers take some of it.
     */
    public static final int MAX_RECORD_BYTES = 1_048_576 - 512;

    /**
     * The largest row change the capture writes as an event by default (8 MiB, key and value); a larger one is a
     * dead letter on {@link Topics#captureDeadLetter()}. The events topic is created to hold it.
     */
    public static final int MAX_EVENT_BYTES = 8 * 1_048_576;

    /**
     * The events topic's {@code max.message.bytes}: the largest event plus room for the record batch's own
     * framing, so that an event the capture accepts is never refused by the broker.
     */
    public static final int EVENTS_MAX_MESSAGE_BYTES = MAX_EVENT_BYTES + 65_536;

    private TopicLayout() {
    }

    /**
     * @param topics            the topic names
     * @param partitions        partitions of the record topics
     * @param replicationFactor replication of every topic; -1 for the broker's default
     */
    public static List<NewTopic> topics(Topics topics, int partitions, short replicationFactor) {
        Optional<Short> replication = replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
        return List.of(
                new NewTopic(topics.events(), Optional.of(partitions), replication).configs(Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(EVENTS_MAX_MESSAGE_BYTES))),
                new NewTopic(topics.eventsDeadLetter(), Optional.of(partitions), replication),
                CompactedTopic.declaration(topics.subscriptions(), replication),
                new NewTopic(topics.deliveries(), Optional.of(partitions), replication),
                new NewTopic(topics.handler("WEBHOOK"), Optional.of(partitions), replication),
                new NewTopic(topics.handlerDeadLetter("WEBHOOK"), Optional.of(partitions), replication),
                new NewTopic(topics.handlerOrdered("WEBHOOK"), Optional.of(partitions), replication),
                new NewTopic(topics.handler("SYNC"), Optional.of(partitions), replication),
                new NewTopic(topics.handlerDeadLetter("SYNC"), Optional.of(partitions), replication),
                CompactedTopic.declaration(topics.apiKeys(), replication),
                new NewTopic(topics.captureDeadLetter(), Optional.of(partitions), replication),
                CompactedTopic.declaration(topics.captureOffsets(), replication),
                CompactedTopic.declaration(topics.captureTables(), replication),
                CompactedTopic.declaration(topics.dltRedrives(), replication));
    }

    /**
     * Creates a topic unless it exists; returns whether it created it.
     *
     * @throws IllegalStateException naming the topic and the broker's reason, or the timeout
     */
    public static boolean createIfMissing(Admin admin, NewTopic topic, Duration timeout) {
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic.name() + ": Kafka did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
        }
    }
}
