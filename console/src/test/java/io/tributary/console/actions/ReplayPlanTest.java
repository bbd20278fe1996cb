package io.tributary.console.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.replay.TopicRange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    @Test
    void shouldReadATimeRangeOrTheOffsetsOfADryRun() {
        ReplayPlan.Request byTime = ReplayPlan.read(Map.of("topic", new String[] {"tributary.events"},
                "from", new String[] {"2026-12-07T08:00:00Z"}, "to", new String[] {"2026-12-07T10:00:00+01:00"},
                "into", new String[] {"tributary.events-replay"}));
        assertThat(byTime.from()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(byTime.to()).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(byTime.offsets()).isNull();

        ReplayPlan.Request byOffsets = ReplayPlan.read(Map.of("topic", new String[] {"tributary.events"},
                "into", new String[] {"copy"}, "range", new String[] {"0:5-17", "2:0-0"}));
        assertThat(byOffsets.offsets()).containsOnlyKeys(0, 2);
        assertThat(byOffsets.offsets().get(0)).containsExactly(5, 17);
        assertThat(byOffsets.offsets().get(2)).containsExactly(0, 0);
    }

    @Test
    void shouldNameEveryWrongField() {
        assertThatThrownBy(() -> ReplayPlan.read(Map.of("topic", new String[] {"bad topic"},
                "from", new String[] {"yesterday"}, "to", new String[] {"2026-12-07T08:00"})))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("topic", "must be a topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'"),
                        new FieldError("into", "is required: the topic the records are re-published into"),
                        new FieldError("from", "must be an ISO-8601 time with its zone, such as"
                                + " 2026-12-07T08:00:00Z, got 'yesterday'"),
                        new FieldError("to", "must be an ISO-8601 time with its zone, such as 2026-12-07T08:00:00Z,"
                                + " got '2026-12-07T08:00'")));
        assertThatThrownBy(() -> ReplayPlan.read(Map.of("topic", new String[] {"t"}, "into", new String[] {"u"},
                "from", new String[] {"2026-12-07T08:00:00Z"}, "to", new String[] {"2026-12-07T08:00:00Z"})))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("to", "must be after from")));
        assertThatThrownBy(() -> ReplayPlan.read(Map.of("topic", new String[] {"t"}, "into", new String[] {"u"},
                "range", new String[] {"0:9-3", "1:0-2", "1:2-4"})))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("range", "must be <partition>:<from>-<to> with from <= to, got '0:9-3'"),
                        new FieldError("range", "names partition 1 twice")));
    }

    @Test
    void shouldGiveTheOffsetsThatRunExactlyThePlanAndItsCount() {
        Map<Integer, long[]> partitions = new LinkedHashMap<>();
        partitions.put(0, new long[] {4, 10});
        partitions.put(1, new long[] {0, 3});
        ReplayPlan plan = new ReplayPlan("t", "u", Instant.parse("2026-12-07T08:00:00Z"),
                Instant.parse("2026-12-07T09:00:00Z"), new TopicRange("t", partitions));
        assertThat(plan.ranges()).isEqualTo(List.of("0:4-10", "1:0-3"));
        assertThat(plan.toJson().get("records").asLong()).isEqualTo(9);
        assertThat(plan.toJson().get("partitions").get(1).toString())
                .isEqualTo("{\"partition\":1,\"from\":0,\"to\":3,\"records\":3}");
    }
}
