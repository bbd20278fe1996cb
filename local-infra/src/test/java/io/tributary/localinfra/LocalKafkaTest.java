package io.tributary.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {

    @Test
    void shouldConfigureOneNodeWithItsListenersAndLogDirectory() {
        LocalKafka kafka = new LocalKafka(Path.of("/data/kafka"), 9092, 9093);

        var properties = kafka.properties();

        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(properties.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(properties.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
        assertThat(properties.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(properties.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092");
        assertThat(properties.getProperty("log.dirs")).isEqualTo("/data/kafka");
        assertThat(properties.getProperty("num.partitions")).isEqualTo("3");
        assertThat(properties.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(properties).hasSize(18);
    }

    @Test
    void shouldPutATemporaryBrokerOnFreePortsWithItsOverrides() {
        LocalKafka kafka = LocalKafka.temporary(Map.of("num.partitions", "1", "auto.create.topics.enable", "true"));
        try {
            var properties = kafka.properties();

            assertThat(properties.getProperty("num.partitions")).isEqualTo("1");
            assertThat(properties.getProperty("auto.create.topics.enable")).isEqualTo("true");
            assertThat(properties.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
            assertThat(kafka.port()).isPositive();
            assertThat(properties.getProperty("listeners")).startsWith("PLAINTEXT://127.0.0.1:" + kafka.port() + ",");
            assertThat(Path.of(properties.getProperty("log.dirs")).getFileName()).hasToString("log");
        } finally {
            kafka.stop();
        }
    }
}
