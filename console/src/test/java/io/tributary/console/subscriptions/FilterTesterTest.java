package io.tributary.console.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import org.junit.jupiter.api.Test;

class FilterTesterTest {

    static final String ROW_UPDATE = """
            {"specversion": "1.0", "id": "e1", "source": "/postgres/app/public/salesOrder", "type": "salesOrder.update",
             "tenant": "co_1", "data": {"table": "salesOrder", "schema": "public", "operation": "UPDATE",
             "recordId": "so_1", "new": {"status": "confirmed", "total": 1500, "tags": ["vip", "eu"]},
             "old": {"status": "draft", "total": 1500}, "changed": ["status"]}}""";

    @Test
    void shouldMatchWhenTheNewRowContainsTheFilterAndTheWhereHolds() {
        FilterTester.Result result = FilterTester.test(Json.parse("{\"status\": \"confirmed\", \"tags\": [\"eu\"]}"),
                Json.parse("{\"new.total\": {\"$gt\": 1000}, \"$changed\": [\"status\"]}"), Json.parse(ROW_UPDATE));

        assertThat(result).isEqualTo(new FilterTester.Result(true, java.util.List.of()));
        assertThat(Json.write(result.toJson())).isEqualTo("{\"match\":true,\"failed\":[]}");
    }

    @Test
    void shouldNameEachFilterEntryAndWhereEntryTheEventFails() {
        FilterTester.Result result = FilterTester.test(
                Json.parse("{\"status\": \"cancelled\", \"total\": 1500, \"tags\": [\"us\"]}"),
                Json.parse("{\"new.total\": {\"$lt\": 1000}, \"tenant\": \"co_1\", \"$changed\": [\"total\"]}"),
                Json.parse(ROW_UPDATE));

        assertThat(result.match()).isFalse();
        assertThat(result.failed()).containsExactly(
                new FilterTester.Failed("filter.status", "the event's data.new does not contain {\"status\":\"cancelled\"}"),
                new FilterTester.Failed("filter.tags", "the event's data.new does not contain {\"tags\":[\"us\"]}"),
                new FilterTester.Failed("where.new.total", "{\"new.total\":{\"$lt\":1000}} does not hold for the event"),
                new FilterTester.Failed("where.$changed", "{\"$changed\":[\"total\"]} does not hold for the event"));
    }

    @Test
    void shouldTestADeletesOldRowAndAnApplicationEventsData() {
        String delete = ROW_UPDATE.replace("\"UPDATE\"", "\"DELETE\"");
        assertThat(FilterTester.test(Json.parse("{\"status\": \"draft\"}"), null, Json.parse(delete)).match()).isTrue();
        assertThat(FilterTester.test(Json.parse("{\"status\": \"confirmed\"}"), null, Json.parse(delete)).failed())
                .extracting(FilterTester.Failed::reason)
                .containsExactly("the event's data.old does not contain {\"status\":\"confirmed\"}");
        String app = """
                {"specversion": "1.0", "id": "e2", "source": "/services/billing", "type": "invoice.paid",
                 "data": {"amount": 12.50}}""";
        assertThat(FilterTester.test(Json.parse("{\"amount\": 12.5}"), null, Json.parse(app)).match()).isTrue();
        assertThat(FilterTester.test(null, null, Json.parse(app)).match()).isTrue();
    }

    @Test
    void shouldRefuseAnInvalidFilterWhereAndEventEachOnItsPath() {
        assertThatThrownBy(() -> FilterTester.test(Json.parse("[1]"), Json.parse("{\"new.x\": {\"$near\": 1}}"),
                Json.parse("{\"specversion\": \"1.0\", \"id\": \"e3\", \"source\": \"/s\"}")))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::path)
                        .containsExactly("filter", "where.new.x.$near", "event.type"));
        assertThatThrownBy(() -> FilterTester.test(null, null, null)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::path)
                        .containsExactly("event"));
    }
}
