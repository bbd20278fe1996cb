package io.tributary.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventOrderTest {

    private static EventEnvelope event(String id, String time) {
        return EventEnvelope.fromJson(Json.parse("{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"source\": \"/s\","
                + " \"type\": \"t.insert\", \"time\": \"" + time + "\", \"data\": {\"new\": {\"id\": 7, \"tags\": [\"a\"]}},"
                + " \"tenant\": \"co_1\"}"));
    }

    @Test
    void shouldOrderRowChangesByWalPositionAndOtherEventsByTime() {
        Instant noon = Instant.parse("2026-11-23T12:00:00Z");
        assertThat(EventOrder.isNewer(event("1/A0:public.t", "2026-11-23T11:00:00Z"), "0/FFFFFFFF:public.t", noon))
                .as("a later WAL position wins over an earlier clock").isTrue();
        assertThat(EventOrder.isNewer(event("0/A0:public.t", "2026-11-23T13:00:00Z"), "0/B0:public.t", noon)).isFalse();
        assertThat(EventOrder.isNewer(event("0/B0:public.t", "2026-11-23T13:00:00Z"), "0/B0:public.t", noon))
                .as("the same event").isFalse();
        assertThat(EventOrder.isNewer(event("inv-2", "2026-11-23T12:00:01Z"), "inv-1", noon)).isTrue();
        assertThat(EventOrder.isNewer(event("inv-0", "2026-11-23T11:59:59Z"), "inv-1", noon)).isFalse();
        assertThat(EventOrder.isNewer(event("inv-1", "2026-11-23T12:00:00Z"), null, null)).isTrue();
        assertThat(EventOrder.lsn("16/B374D848:public.orders")).isEqualTo(0x16B374D848L);
        assertThat(EventOrder.lsn("inv-1")).isNull();
    }

    @Test
    void shouldMapEventPathsToFieldsAndRefuseUnknownPaths() {
        FieldMapping mapping = FieldMapping.compile("m", Map.of("id", "new.id", "first_tag", "new.tags.0",
                "tenant", "tenant", "missing", "new.nothing"));
        assertThat(Json.write(mapping.apply(event("e", "2026-11-23T12:00:00Z"))))
                .contains("\"id\":7", "\"first_tag\":\"a\"", "\"tenant\":\"co_1\"", "\"missing\":null");
        assertThatThrownBy(() -> FieldMapping.compile("tributary.sync.targets.x.mapping", Map.of("a", "Nope.x")))
                .hasMessageContaining("tributary.sync.targets.x.mapping.a: unknown path 'Nope.x'");
    }
}
