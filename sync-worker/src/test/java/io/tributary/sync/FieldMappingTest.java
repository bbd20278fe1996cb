package io.tributary.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMappingTest {

    private static final FieldMapping MAPPING = FieldMapping.compile("tributary.sync.targets.t.mapping", mapping());

    private static Map<String, String> mapping() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("id", "new.id");
        mapping.put("doc", "new.doc");
        mapping.put("title", "data.new.doc.title");
        mapping.put("note", "new.note");
        mapping.put("tenant", "tenant");
        return mapping;
    }

    private static EventEnvelope event(String newRow, String unchanged) {
        return EventEnvelope.fromJson(Json.parse("""
                {"specversion": "1.0", "id": "0/1:public.docs", "source": "/postgres/shop/public/docs",
                 "type": "docs.update", "tenant": "co_1",
                 "data": {"table": "docs", "schema": "public", "operation": "UPDATE", "recordId": "1",
                          "new": %s, "old": null%s}}""".formatted(newRow,
                unchanged == null ? "" : ", \"unchanged\": " + unchanged)));
    }

    @Test
    void shouldLeaveOutAColumnTheChangeDidNotCarry() {
        assertThat(MAPPING.apply(event("{\"id\": 1, \"note\": \"n\"}", "[\"doc\"]")))
                .isEqualTo(Json.parse("{\"id\": 1, \"note\": \"n\", \"tenant\": \"co_1\"}"));
    }

    @Test
    void shouldMapAMissingColumnThatIsNotUnchangedToNull() {
        assertThat(MAPPING.apply(event("{\"id\": 1}", null))).isEqualTo(Json.parse(
                "{\"id\": 1, \"doc\": null, \"title\": null, \"note\": null, \"tenant\": \"co_1\"}"));
    }

    @Test
    void shouldLeaveOutDebeziumsPlaceholderWhereverItAppears() {
        assertThat(MAPPING.apply(event("{\"id\": 1, \"doc\": \"__debezium_unavailable_value\","
                + " \"note\": [\"__debezium_unavailable_value\"]}", "[]")))
                .isEqualTo(Json.parse("{\"id\": 1, \"title\": null, \"tenant\": \"co_1\"}"));
    }

    @Test
    void shouldWriteAValuePresentEvenWhenNamedUnchanged() {
        assertThat(MAPPING.apply(event("{\"id\": 1, \"doc\": {\"title\": \"T\"}, \"note\": null}", "[\"doc\"]")))
                .isEqualTo(Json.parse("{\"id\": 1, \"doc\": {\"title\": \"T\"}, \"title\": \"T\", \"note\": null,"
                        + " \"tenant\": \"co_1\"}"));
    }
}
