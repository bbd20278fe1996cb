package io.tributary.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class InFlightWindowTest {

    private final List<String> events = new ArrayList<>();
    private final TopicPartition partition = new TopicPartition("t", 0);

    private final InFlightWindow window = new InFlightWindow(4, new InFlightWindow.Flow() {
        @Override
        public void pause(TopicPartition tp) {
            events.add("pause " + tp);
        }

        @Override
        public void resume(TopicPartition tp) {
            events.add("resume " + tp);
        }
    });

    private InFlightWindow.Ticket start(long offset) {
        return window.start(new ConsumerRecord<>("t", 0, offset, "k", "v"), ack(offset));
    }

    private Acknowledgment ack(long offset) {
        return () -> events.add("ack " + offset);
    }

    @Test
    void shouldAcknowledgeOnlyTheCompletedPrefix() {
        InFlightWindow.Ticket first = start(10);
        InFlightWindow.Ticket second = start(11);
        InFlightWindow.Ticket third = start(12);
        third.done();
        second.done();
        assertThat(events).as("nothing before offset 10 is done yet").isEmpty();
        first.done();
        assertThat(events).containsExactly("ack 12");
        first.done();
        assertThat(events).as("a ticket counts once").containsExactly("ack 12");
        assertThat(window.inFlight(partition)).isZero();
    }

    @Test
    void shouldPauseAFullPartitionAndResumeItWhenHalfIsDone() {
        List<InFlightWindow.Ticket> tickets = new ArrayList<>();
        for (long offset = 0; offset < 4; offset++) {
            tickets.add(start(offset));
        }
        assertThat(events).containsExactly("pause t-0");
        tickets.get(0).done();
        assertThat(events).containsExactly("pause t-0", "ack 0");
        tickets.get(1).done();
        assertThat(events).containsExactly("pause t-0", "ack 0", "ack 1", "resume t-0");
    }

    @Test
    void shouldStartAfreshWhenThePartitionIsReadAgainAndIgnoreTheOldTickets() {
        InFlightWindow.Ticket old = start(5);
        for (long offset = 6; offset < 9; offset++) {
            start(offset);
        }
        assertThat(events).containsExactly("pause t-0");
        // A rebalance or seek goes back to offset 5: the lane restarts and its partition is resumed.
        InFlightWindow.Ticket again = start(5);
        assertThat(events).containsExactly("pause t-0", "resume t-0");
        old.done();
        assertThat(events).as("the old ticket no longer acknowledges").containsExactly("pause t-0", "resume t-0");
        again.done();
        assertThat(events).containsExactly("pause t-0", "resume t-0", "ack 5");
    }

    @Test
    void shouldReleaseRevokedPartitions() {
        for (long offset = 0; offset < 4; offset++) {
            start(offset);
        }
        window.revoked(List.of(partition));
        assertThat(events).containsExactly("pause t-0", "resume t-0");
        assertThat(window.inFlight(partition)).isZero();
    }
}
