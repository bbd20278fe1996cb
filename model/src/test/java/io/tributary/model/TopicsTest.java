package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    }

    @Test
    void shouldUseAConfiguredPrefixAndRefuseAnIllegalOne() {
        assertThat(new Topics("acme.prod").events()).isEqualTo("acme.prod.events");
        assertThatThrownBy(() -> new Topics("has space")).hasMessageContaining("topic prefix 'has space'");
    }
}
