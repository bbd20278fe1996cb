package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameEveryTopicUnderTheDefaultPrefix() {
        assertThat(Topics.DEFAULT.events()).isEqualTo("tributary.events");
        assertThat(Topics.DEFAULT.eventsDeadLetter()).isEqualTo("tributary.events-dlt");
        assertThat(Topics.DEFAULT.subscriptions()).isEqualTo("tributary.subscriptions");
        assertThat(Topics.DEFAULT.deliveries()).isEqualTo("tributary.deliveries");
        assertThat(Topics.DEFAULT.handler("WEBHOOK")).isEqualTo("tributary.handler.webhook");
        assertThat(Topics.DEFAULT.handlerDeadLetter("SYNC")).isEqualTo("tributary.handler.sync-dlt");
        assertThat(Topics.DEFAULT.handlerOrdered("WEBHOOK")).isEqualTo("tributary.handler.webhook-ordered");
        assertThat(Topics.DEFAULT.apiKeys()).isEqualTo("tributary.api-keys");
        assertThat(Topics.DEFAULT.captureDeadLetter()).isEqualTo("tributary.capture-dlt");
        assertThat(Topics.DEFAULT.captureOffsets()).isEqualTo("tributary.capture-offsets");
        assertThat(Topics.DEFAULT.captureTables()).isEqualTo("tributary.capture-tables");
        assertThat(Topics.DEFAULT.dltRedrives()).isEqualTo("tributary.dlt-redrives");
    }

    @Test
    void shouldLayOutEveryTopicWithItsPartitionsAndCleanupPolicy() {
        var layout = TopicLayout.topics(new Topics("acme"), 12, (short) 3);
        assertThat(layout).extracting(t -> t.name() + "/" + t.numPartitions() + "/" + t.replicationFactor() + "/"
                + (t.configs() == null ? Map.of() : t.configs())).containsExactly(
                "acme.events/12/3/{max.message.bytes=8454144}",
                "acme.events-dlt/12/3/{}",
                "acme.subscriptions/1/3/{cleanup.policy=compact}",
                "acme.deliveries/12/3/{}",
                "acme.handler.webhook/12/3/{}",
                "acme.handler.webhook-dlt/12/3/{}",
                "acme.handler.webhook-ordered/12/3/{}",
                "acme.handler.sync/12/3/{}",
                "acme.handler.sync-dlt/12/3/{}",
                "acme.api-keys/1/3/{cleanup.policy=compact}",
                "acme.capture-dlt/12/3/{}",
                "acme.capture-offsets/1/3/{cleanup.policy=compact}",
                "acme.capture-tables/1/3/{cleanup.policy=compact}",
                "acme.dlt-redrives/1/3/{cleanup.policy=compact}");
        assertThat(TopicLayout.topics(Topics.DEFAULT, 3, (short) -1).get(0).replicationFactor()).isEqualTo((short) -1);
    }

    @Test
    void shouldKeepAReliableProducerReliable() {
        assertThat(ReliableProducers.properties("k:9092", Map.of("linger.ms", 10))).containsExactlyInAnyOrderEntriesOf(
                Map.of("bootstrap.servers", "k:9092", "acks", "all", "enable.idempotence", true, "linger.ms", 10));
        assertThatThrownBy(() -> ReliableProducers.properties("k:9092", Map.of("acks", "1")))
                .hasMessage("acks of a reliable producer must be all, got 1");
        assertThatThrownBy(() -> ReliableProducers.properties("k:9092", Map.of("enable.idempotence", false)))
                .hasMessage("enable.idempotence of a reliable producer must be true, got false");
    }

    @Test
    void shouldUseAConfiguredPrefixAndRefuseAnIllegalOne() {
        assertThat(new Topics("acme.prod").events()).isEqualTo("acme.prod.events");
        assertThatThrownBy(() -> new Topics("has space")).hasMessageContaining("topic prefix 'has space'");
    }
}
