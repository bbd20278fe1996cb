package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@TributaryInfrastructure
class InfrastructureIT {

    @Test
    void shouldProduceAndConsumeARecord(KafkaCluster kafka) throws Exception {
        kafka.createTopics(3, "testkit.roundtrip");
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("testkit.roundtrip", "k", "héllo")).get(30, TimeUnit.SECONDS);
        }
        var records = kafka.consume("testkit.roundtrip", 1, Duration.ofSeconds(30));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("k");
            assertThat(record.value()).isEqualTo("héllo");
        });
    }

    @Test
    void shouldCreateACompactedTopicIdempotently(KafkaCluster kafka) throws Exception {
        kafka.createCompactedTopic("testkit.compacted", 2);
        kafka.createCompactedTopic("testkit.compacted", 2);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "testkit.compacted");
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of("testkit.compacted")).allTopicNames().get()
                    .get("testkit.compacted").partitions()).hasSize(2);
        }
    }

    @Test
    void shouldRunPostgresqlWithLogicalReplication(PostgresDatabase postgres) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            ResultSet wal = statement.executeQuery("SHOW wal_level");
            assertThat(wal.next()).isTrue();
            assertThat(wal.getString(1)).isEqualTo("logical");
            ResultSet slot = statement.executeQuery(
                    "SELECT slot_name FROM pg_create_logical_replication_slot('testkit_slot', 'pgoutput')");
            assertThat(slot.next()).isTrue();
            assertThat(slot.getString(1)).isEqualTo("testkit_slot");
            statement.execute("SELECT pg_drop_replication_slot('testkit_slot')");
            ResultSet left = statement.executeQuery("SELECT count(*) FROM pg_replication_slots");
            assertThat(left.next()).isTrue();
            assertThat(left.getInt(1)).isZero();
        }
    }

    @Test
    void shouldCreateIsolatedDatabases(PostgresDatabase postgres) throws Exception {
        PostgresDatabase first = postgres.createDatabase("iso");
        PostgresDatabase second = postgres.createDatabase("iso");
        assertThat(first.databaseName()).isNotEqualTo(second.databaseName());
        first.execute("CREATE TABLE only_here (id int)");
        try (Connection connection = second.connect(); Statement statement = connection.createStatement()) {
            ResultSet tables = statement.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_here'");
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
        assertThat(first.port()).isEqualTo(postgres.port());
        assertThat(new String(first.jdbcUrl().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .endsWith("/" + first.databaseName());
    }
}
