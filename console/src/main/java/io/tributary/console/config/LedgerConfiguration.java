package io.tributary.console.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.console.actions.ConsoleActions;
import io.tributary.console.actions.RedriveJobs;
import io.tributary.console.ledger.LedgerOverview;
import io.tributary.console.ledger.LedgerRows;
import io.tributary.console.ledger.LedgerSearch;
import io.tributary.console.ledger.LedgerWriter;
import io.tributary.model.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wires the ledger: the {@code tributary-console} consumer group follows the events topic, every handler topic, the
 * attempts topic and every dead-letter topic (a pattern, so topics created later are followed too), and writes each
 * batch to PostgreSQL before its offsets are committed. A batch the database refuses is retried with backoff, never
 * skipped, so a restart or a database outage loses nothing and, with idempotent inserts, duplicates nothing.
 */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerConfiguration.class);

    /** The topics the ledger follows, for a prefix. */
    static Pattern followed(Topics topics) {
        return Pattern.compile(Pattern.quote(topics.events()) + "|" + Pattern.quote(topics.deliveries()) + "|"
                + Pattern.quote(topics.handlerPrefix()) + ".+|.+-dlt");
    }

    @Bean
    LedgerWriter ledgerWriter(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new LedgerWriter(jdbc, transactions);
    }

    @Bean
    LedgerSearch ledgerSearch(JdbcTemplate jdbc) {
        return new LedgerSearch(jdbc);
    }

    @Bean
    LedgerOverview ledgerOverview(JdbcTemplate jdbc) {
        return new LedgerOverview(jdbc);
    }

    @Bean(destroyMethod = "close")
    ConsoleActions consoleActions(ConsoleProperties properties,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new ConsoleActions(bootstrapServers, properties.topics());
    }

    @Bean(destroyMethod = "close")
    RedriveJobs redriveJobs(Clock clock) {
        return new RedriveJobs(clock);
    }

    @Bean
    Clock consoleClock() {
        return Clock.systemUTC();
    }

    @Bean
    ConcurrentMessageListenerContainer<String, String> ledgerListener(ConsoleProperties properties,
            LedgerWriter writer, MeterRegistry meters,
            @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxBatch());
        consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) properties.topicDiscovery().toMillis());
        DefaultKafkaConsumerFactory<String, String> factory = new DefaultKafkaConsumerFactory<>(consumer,
                new StringDeserializer(), new StringDeserializer());

        LedgerRows rows = new LedgerRows(properties.topics());
        Counter written = meters.counter("tributary.console.ledger.records", "result", "written");
        Counter unreadable = meters.counter("tributary.console.ledger.records", "result", "unreadable");
        ContainerProperties container = new ContainerProperties(followed(properties.topics()));
        container.setGroupId(properties.groupId());
        // Offsets are committed after the listener returns, that is after the batch's rows are committed.
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setMessageListener((BatchMessageListener<String, String>) (List<ConsumerRecord<String, String>> batch) -> {
            LedgerRows.Batch read = rows.read(batch);
            writer.write(read);
            read.unreadable().forEach(u -> LOG.warn("Ledger: record {}-{}@{} is not stored: {}", u.topic(),
                    u.partition(), u.offset(), u.reason()));
            written.increment(batch.size() - read.unreadable().size());
            unreadable.increment(read.unreadable().size());
        });
        ConcurrentMessageListenerContainer<String, String> listener =
                new ConcurrentMessageListenerContainer<>(factory, container);
        listener.setConcurrency(properties.concurrency());
        listener.setBeanName("ledgerListener");
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        listener.setCommonErrorHandler(new DefaultErrorHandler((record, e) -> {
            throw new IllegalStateException("the ledger never skips a record", e);
        }, backOff));
        return listener;
    }

    /** Readiness includes the ledger's consumers: DOWN while they do not run. */
    @Bean
    HealthIndicator ledgerListenerHealth(ConcurrentMessageListenerContainer<String, String> ledgerListener) {
        return () -> ledgerListener.isRunning() && !ledgerListener.isContainerPaused()
                ? Health.up().withDetail("consumers", ledgerListener.getConcurrency()).build()
                : Health.down().withDetail("reason", "the ledger's consumers are not running").build();
    }
}
