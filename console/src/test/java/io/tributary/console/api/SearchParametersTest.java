package io.tributary.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.console.ledger.LedgerQuery;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchParametersTest {

    @Test
    void shouldReadEveryFilterOfADeliverySearch() {
        LedgerQuery query = SearchParameters.read(Map.of("tenant", new String[] {"co_1"}, "status",
                new String[] {"5xx"}, "type", new String[] {"invoice.*"}, "filter",
                new String[] {"{\"status\": \"confirmed\"}"}, "from", new String[] {"2026-01-01T00:00:00Z"},
                "limit", new String[] {"20"}), SearchParameters.DELIVERIES);

        assertThat(query.tenant()).isEqualTo("co_1");
        assertThat(query.statusClass()).isEqualTo(5);
        assertThat(query.status()).isNull();
        assertThat(query.type()).isEqualTo("invoice.*");
        assertThat(query.filter()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(query.limit()).isEqualTo(20);
    }

    @Test
    void shouldNameEveryBadParameterWithItsReason() {
        assertThatThrownBy(() -> SearchParameters.read(Map.of("outcome", new String[] {"x"}, "type",
                new String[] {"in*voice"}, "limit", new String[] {"0"}, "cursor", new String[] {"@@"}, "filter",
                new String[] {"\"confirmed\""}), SearchParameters.EVENTS))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::path)
                        .containsExactly("outcome", "type", "limit", "cursor", "filter"));
    }

    @Test
    void shouldReadAWhereAsASubscriptionTakesIt() {
        LedgerQuery query = SearchParameters.read(Map.of("where", new String[] {
                "{\"new.amount\": {\"$gt\": 1000}, \"type\": {\"$prefix\": \"invoice.\"}}"}),
                SearchParameters.EVENTS);

        assertThat(query.where()).isEqualTo("{\"new.amount\":{\"$gt\":1000},\"type\":{\"$prefix\":\"invoice.\"}}");
        assertThat(SearchParameters.read(Map.of("where", new String[] {"{}"}), SearchParameters.DEAD_LETTERS)
                .where()).isNull();
    }

    @Test
    void shouldNameTheWhereAndTheReasonOfAnInvalidOne() {
        assertThatThrownBy(() -> SearchParameters.read(Map.of("where", new String[] {
                "{\"new.amount\": {\"$gt\": 1000, \"$between\": [1, 2]}}"}), SearchParameters.DELIVERIES))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("where.new.amount.$between",
                                "unknown operator '$between': use $eq $ne $in $nin $exists $gt $gte $lt $lte $prefix"
                                + " $suffix $contains $regex $not")));
        assertThatThrownBy(() -> SearchParameters.read(Map.of("where", new String[] {"[1]"}),
                SearchParameters.EVENTS))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("where", "must be an object of conditions such as"
                                + " {\"new.amount\": {\"$gt\": 1000}}")));
        assertThatThrownBy(() -> SearchParameters.read(Map.of("where", new String[] {"{\"type\": "}),
                SearchParameters.EVENTS))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("where", "is not valid JSON: Unexpected end-of-input"
                                + " within/between Object entries (line 1, column 10)")));
    }

    @Test
    void shouldGiveBackTheCursorItIssued() {
        LedgerQuery.Cursor cursor = new LedgerQuery.Cursor(Instant.parse("2026-05-06T07:08:09.123456Z"), 42);

        LedgerQuery query = SearchParameters.read(Map.of("cursor", new String[] {SearchParameters.cursor(cursor)}),
                SearchParameters.EVENTS);

        assertThat(query.after()).isEqualTo(cursor);
    }
}
