package io.tributary.testkit;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single KRaft Kafka broker inside this JVM, configured so that exactly-once Kafka Streams, transactions and
 * consumer groups work on one broker. Not thread-safe: one owner starts and stops it.
 */
public final class LocalKafka {

    private final EmbeddedKafkaKraftBroker broker;

    /** @param port the listener port, or 0 for a free one */
    public LocalKafka(int port) {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (port != 0) {
            broker.kafkaPorts(port);
        }
        broker.brokerProperties(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "true",
                "num.partitions", "1"));
    }

    public LocalKafka start() {
        broker.afterPropertiesSet();
        return this;
    }

    public void stop() {
        broker.destroy();
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }
}
