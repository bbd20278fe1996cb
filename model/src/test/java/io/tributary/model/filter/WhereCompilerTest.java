package io.tributary.model.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhereCompilerTest {

    static final EventEnvelope ORDER_UPDATE = EventEnvelope.fromJson(Json.parse("""
            {"specversion":"1.0","id":"0/16B3748:0","source":"/postgres/shop/public/salesOrder",
             "type":"salesOrder.update","time":"2024-01-15T10:30:00Z","subject":"so_1","tenant":"co_123",
             "depth":0,"region":"eu",
             "data":{"table":"salesOrder","schema":"public","operation":"UPDATE","recordId":"so_1",
                     "new":{"status":"confirmed","amount":1500.50,"customer":"ACME Corp","tags":["vip","eu"],
                            "lines":[{"sku":"A-1","qty":2}],"note":null,"placedAt":"2024-01-15T10:00:00Z"},
                     "old":{"status":"draft","amount":1500.50},
                     "changed":["status"]}}
            """));

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                   | true
            {"new.status": "confirmed"}                          | true
            {"new.status": "draft"}                              | false
            {"new.amount": 1500.5}                               | true
            {"new.amount": {"$eq": 1500.500}}                    | true
            {"new.amount": {"$gt": 1000}}                        | true
            {"new.amount": {"$gt": 1500.50}}                     | false
            {"new.amount": {"$gte": 1500.50}}                    | true
            {"new.amount": {"$lt": 2000, "$gt": 1000}}           | true
            {"new.amount": {"$lte": 1500.49}}                    | false
            {"new.amount": {"$gt": "1000"}}                      | true
            {"new.amount": {"$gt": "x"}}                         | false
            {"new.placedAt": {"$gt": "2024-01-15T10:00:00+01:00"}} | true
            {"new.placedAt": {"$eq": "2024-01-15T11:00:00+01:00"}} | true
            {"new.placedAt": {"$gte": "2024-01-01T00:00:00Z"}}   | true
            {"new.status": {"$ne": "draft"}}                     | true
            {"new.missing": {"$ne": "x"}}                        | true
            {"new.missing": {"$nin": ["x"]}}                     | true
            {"new.missing": {"$in": ["x"]}}                      | false
            {"new.status": {"$in": ["confirmed", "shipped"]}}    | true
            {"new.status": {"$nin": ["confirmed", "shipped"]}}   | false
            {"new.note": {"$exists": true}}                      | true
            {"new.note": null}                                   | true
            {"new.missing": {"$exists": false}}                  | true
            {"new.missing": {"$exists": true}}                   | false
            {"new.customer": {"$prefix": "ACME"}}                | true
            {"new.customer": {"$suffix": "Corp"}}                | true
            {"new.customer": {"$contains": "E C"}}               | true
            {"new.tags": {"$contains": "vip"}}                   | true
            {"new.tags": {"$contains": ["eu", "vip"]}}           | true
            {"new.lines": {"$contains": [{"sku": "A-1"}]}}       | true
            {"new.customer": {"$regex": "^acme", "$ne": "x"}}    | false
            {"new.customer": {"$regex": "(?i)^acme"}}            | true
            {"new.lines.0.qty": 2}                               | true
            {"new.lines.1.qty": {"$exists": false}}              | true
            {"old.status": "draft"}                              | true
            {"tenant": "co_123", "type": {"$prefix": "salesOrder."}} | true
            {"depth": {"$lt": 8}}                                | true
            {"region": "eu"}                                     | true
            {"data.new.status": "confirmed"}                     | true
            {"$changed": ["status"]}                             | true
            {"$changed": "amount"}                               | false
            {"$changed": ["amount", "status"]}                   | true
            {"$or": [{"new.amount": {"$gt": 10000}}, {"new.status": "confirmed"}]} | true
            {"$and": [{"new.amount": {"$gt": 10000}}, {"new.status": "confirmed"}]} | false
            {"$not": {"new.status": "confirmed"}}                | false
            {"new.amount": {"$not": {"$gt": 2000}}}              | true
            {"new.amount": {"$gt": 1000}, "$changed": ["status"]} | true
            """)
    void shouldEvaluateConditionsAgainstTheEvent(String where, boolean expected) {
        assertThat(WhereCompiler.compile(Json.parse(where)).test(ORDER_UPDATE)).isEqualTo(expected);
    }

    @Test
    void shouldReportEveryProblemWithItsPath() {
        List<FieldError> errors = WhereCompiler.check(Json.parse("""
                {"new.amount": {"$gt": true, "$between": [1, 2]},
                 "$or": [{"new.a": 1}, {"bogus root": 1}],
                 "$and": [],
                 "new.name": {"$regex": "a(b"},
                 "new.x": {"$in": 5},
                 "$changed": [1],
                 "$nor": []}
                """), "where");
        assertThat(errors).extracting(FieldError::path).containsExactly(
                "where.new.amount.$gt", "where.new.amount.$between", "where.$or[1].bogus root", "where.$and",
                "where.new.name.$regex", "where.new.x.$in", "where.$changed[0]", "where.$nor");
        assertThat(errors.get(4).reason()).startsWith("invalid regular expression");
    }

    @Test
    void shouldRejectOperatorsMixedWithFieldNames() {
        assertThat(WhereCompiler.check(Json.parse("{\"new.a\": {\"$gt\": 1, \"b\": 2}}"), "where"))
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("mixes operators"));
    }

    @Test
    void shouldLimitNesting() {
        String nested = "{\"new.a\": 1}";
        for (int i = 0; i < WhereCompiler.MAX_DEPTH + 1; i++) {
            nested = "{\"$not\": " + nested + "}";
        }
        var where = Json.parse(nested);
        assertThatThrownBy(() -> WhereCompiler.compile(where))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deeper than 16");
    }

    @Test
    void shouldLimitTheNumberOfConditions() {
        StringBuilder where = new StringBuilder("{");
        for (int i = 0; i < WhereCompiler.MAX_CONDITIONS + 1; i++) {
            where.append(i == 0 ? "" : ",").append("\"new.f").append(i).append("\": 1");
        }
        assertThat(WhereCompiler.check(Json.parse(where.append("}").toString()), "where"))
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("at most 256 conditions"));
    }

    @Test
    void shouldRunAPathologicalRegexInLinearTime() {
        // (a+)+$ backtracks exponentially in java.util.regex; RE2 answers at once.
        EventEnvelope event = ORDER_UPDATE.withData(Json.parse(
                "{\"operation\":\"INSERT\",\"new\":{\"s\":\"" + "a".repeat(5000) + "!\"}}"));
        assertThat(WhereCompiler.compile(Json.parse("{\"new.s\": {\"$regex\": \"(a+)+$\"}}")).test(event)).isFalse();
    }

    @Test
    void shouldNeverMatchChangedForAnInsert() {
        EventEnvelope insert = ORDER_UPDATE.withData(Json.parse("{\"operation\":\"INSERT\",\"new\":{\"status\":\"x\"}}"));
        assertThat(WhereCompiler.compile(Json.parse("{\"$changed\": [\"status\"]}")).test(insert)).isFalse();
    }
}
