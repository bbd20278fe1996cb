package io.tributary.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The attempts analysis counts outcomes and finds the retries that came sooner than the schedule. */
class AttemptsTest {

    @Test
    void shouldFindARetrySoonerThanTheScheduleAndNotOneOnTime() {
        Attempts attempts = new Attempts(List.of(
                attempt("d1", 1, "RETRY", 0, "2026-11-23T10:00:00.000Z"),
                attempt("d1", 2, "RETRY", 0, "2026-11-23T10:00:01.100Z"),
                attempt("d1", 3, "RETRY", 0, "2026-11-23T10:00:01.400Z"),
                attempt("d1", 4, "DELIVERED", 204, "2026-11-23T10:00:05.000Z"),
                attempt("d2", 1, "DELIVERED", 204, "2026-11-23T10:00:00.000Z")));

        assertThat(attempts.most()).isEqualTo(4);
        assertThat(attempts.outcomes()).containsEntry("RETRY status 0", 3).containsEntry("DELIVERED status 204", 2);
        assertThat(attempts.retries()).containsEntry("sub_x", 3);
        assertThat(attempts.early().get("sub_x")).singleElement().asString()
                .startsWith("d1: attempt 3 300 ms after attempt 2");
    }

    private static ConsumerRecord<String, byte[]> attempt(String delivery, int number, String outcome, int status,
            String at) {
        String json = """
                {"deliveryId": "%s", "subscriptionId": "sub_x", "attempt": %d, "outcome": "%s", "httpStatus": %d,
                 "at": "%s"}""".formatted(delivery, number, outcome, status, at);
        return new ConsumerRecord<>("tributary.deliveries", 0, 0, delivery, json.getBytes(StandardCharsets.UTF_8));
    }
}
