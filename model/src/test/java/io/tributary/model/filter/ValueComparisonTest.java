package io.tributary.model.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How {@code where} compares an event's value with an operand, for every pair of kinds: each row gives the value
 * (as the event carries it, {@code <missing>} for an absent path), the operand, and the answer of {@code $eq $ne
 * $gt $gte $lt $lte} ({@code T}, {@code F}, or {@code -} where the operand is refused for that operator).
 * {@code $in} and plain equality must answer as {@code $eq}, {@code $nin} as {@code $ne}.
 */
class ValueComparisonTest {

    private static final String[] OPERATORS = {"$eq", "$ne", "$gt", "$gte", "$lt", "$lte"};

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # numbers, exact decimal values
            1500.50                          | 1000                              | F T T T F F
            1                                | 1.0                               | T F F T F T
            1e0                              | 1                                 | T F F T F T
            12345678901234567891             | 12345678901234567890              | F T T T F F
            -0.0000000100                    | 0                                 | F T F F T T
            0.0000000100                     | 1e-8                              | T F F T F T
            # a number that arrived as a string (a numeric column's special values, or a producer's text)
            "12.50"                          | 12.5                              | T F F T F T
            "12.50"                          | 12.49                             | F T T T F F
            12.5                             | "12.50"                           | T F F T F T
            "1e3"                            | 999                               | F T T T F F
            "10"                             | "9"                               | F T T T F F
            "12.50"                          | "12.5"                            | T F F T F T
            "NaN"                            | 1e308                             | F T T T F F
            "NaN"                            | "Infinity"                        | F T T T F F
            "NaN"                            | "NaN"                             | T F F T F T
            "Infinity"                       | 99999999999999999999              | F T T T F F
            "-Infinity"                      | -99999999999999999999             | F T F F T T
            "Infinity"                       | "Infinity"                        | T F F T F T
            "-Infinity"                      | "Infinity"                        | F T F F T T
            # not spelled as a number: a string, of another kind than a number
            "007"                            | 7                                 | F T F F F F
            "+1"                             | 1                                 | F T F F F F
            "1."                             | 1                                 | F T F F F F
            "12 apples"                      | 12                                | F T F F F F
            # timestamps with an offset, any precision
            "2024-01-15T10:30:00.5Z"         | "2024-01-15T10:30:00Z"            | F T T T F F
            "2024-01-15T12:30:00+02:00"      | "2024-01-15T10:30:00Z"            | T F F T F T
            "2024-01-15T10:30:00.5+00:00"    | "2024-01-15T10:30:00.500Z"        | T F F T F T
            "2024-01-15T10:30:00.123456+00:00" | "2024-01-15T10:30:00.123456789Z" | F T F F T T
            "2024-01-15T10:30:00.000000001Z" | "2024-01-15T10:30:00Z"            | F T T T F F
            "2024-01-15T10:30:00-05:00"      | "2024-01-15T14:30:00Z"            | F T T T F F
            "2024-01-15T00:30:00+01:00"      | "2024-01-14T23:30:00Z"            | T F F T F T
            "2024-01-15T10:30:00+05:30"      | "2024-01-15T05:00:00Z"            | T F F T F T
            "2024-01-15T10:30:00+0530"       | "2024-01-15T05:00:00Z"            | T F F T F T
            "2024-01-15T10:30:00+02"         | "2024-01-15T08:30:00Z"            | T F F T F T
            "1900-01-01T00:00:00+05:53:28"   | "1899-12-31T18:06:32Z"            | T F F T F T
            "2024-01-15 10:30:00+00"         | "2024-01-15T10:30:00Z"            | T F F T F T
            "2024-01-15T10:30Z"              | "2024-01-15T10:30:00.000Z"        | T F F T F T
            # timestamps without an offset compare as local date-times, and as UTC with one that has an offset
            "2024-01-15T10:30:00.5"          | "2024-01-15T10:30:00"             | F T T T F F
            "2024-01-15T09:30:00.999999"     | "2024-01-15T10:30:00"             | F T F F T T
            "2024-01-15T10:30:00"            | "2024-01-15T10:30:00Z"            | T F F T F T
            "2024-01-15T10:30:00"            | "2024-01-15T11:00:00+01:00"       | F T T T F F
            "2024-01-15T24:00:00"            | "2024-01-16T00:00:00"             | T F F T F T
            "2024-01-15T10:30:60"            | "2024-01-15T10:31:00"             | T F F T F T
            # dates are their midnight (UTC)
            "2024-01-15"                     | "2024-01-14"                      | F T T T F F
            "2024-01-15"                     | "2024-01-15T00:00:00Z"            | T F F T F T
            "2024-01-15"                     | "2024-01-15T00:00:00.000001"      | F T F F T T
            "2024-01-15"                     | "2024-01-15T01:00:00+02:00"       | F T T T F F
            "2024-02-29"                     | "2024-03-01"                      | F T F F T T
            "0044-03-15 BC"                  | "0001-01-01"                      | F T F F T T
            "0044-03-15 BC"                  | "0043-03-15 BC"                   | F T F F T T
            "0044-03-15T12:00:00+00:00 BC"   | "0044-03-15 BC"                   | F T T T F F
            "0001-01-01 BC"                  | "0000-01-01"                      | T F F T F T
            "10000-01-01"                    | "9999-12-31T23:59:59.999999Z"     | F T T T F F
            # PostgreSQL's infinities are after and before every other point in time
            "infinity"                       | "294276-12-31T23:59:59.999999+00:00" | F T T T F F
            "infinity"                       | "2024-01-15"                      | F T T T F F
            "-infinity"                      | "4713-01-01 BC"                   | F T F F T T
            "-infinity"                      | "2024-01-15T10:30:00"             | F T F F T T
            "infinity"                       | "infinity"                        | T F F T F T
            "-infinity"                      | "infinity"                        | F T F F T T
            # times of day, an offset subtracted, one without offset read as UTC
            "10:30:00.5"                     | "10:30:00"                        | F T T T F F
            "24:00:00"                       | "23:59:59.999999"                 | F T T T F F
            "10:00:00+02"                    | "08:00:00"                        | T F F T F T
            "10:00:00+02"                    | "09:00:00+01"                     | T F F T F T
            "10:00:00-02"                    | "11:00:00"                        | F T T T F F
            "10:30"                          | "10:30:00"                        | T F F T F T
            # other strings, by Unicode code point
            "confirmed"                      | "confirmed"                       | T F F T F T
            "b"                              | "a"                               | F T T T F F
            "B"                              | "a"                               | F T F F T T
            "é"                              | "z"                               | F T T T F F
            "😀"                             | "￿"                               | F T T T F F
            ""                               | "a"                               | F T F F T T
            # kinds that differ: never equal, never ordered
            "abc"                            | "2024-01-15T10:30:00Z"            | F T F F F F
            "2024-01-15T10:30:00Z"           | "abc"                             | F T F F F F
            "2024-13-01"                     | "2024-12-01"                      | F T F F F F
            "2023-02-29"                     | "2023-03-01"                      | F T F F F F
            "2024-01-15"                     | "10:30:00"                        | F T F F F F
            "10:30:00"                       | "2024-01-15T10:30:00"             | F T F F F F
            "2024-01-15"                     | 20240115                          | F T F F F F
            "abc"                            | 5                                 | F T F F F F
            5                                | "abc"                             | F T F F F F
            "infinity"                       | "Infinity"                        | F T F F F F
            "Infinity"                       | "2024-01-15"                      | F T F F F F
            "infinity"                       | 1e308                             | F T F F F F
            true                             | 1                                 | F T F F F F
            null                             | 0                                 | F T F F F F
            [1]                              | 1                                 | F T F F F F
            {"a": 1}                         | "a"                               | F T F F F F
            <missing>                        | 1                                 | F T F F F F
            <missing>                        | "2024-01-15"                      | F T F F F F
            # booleans, null, arrays and objects: equality only
            true                             | true                              | T F - - - -
            false                            | true                              | F T - - - -
            1                                | true                              | F T - - - -
            "true"                           | true                              | F T - - - -
            null                             | null                              | T F - - - -
            "null"                           | null                              | F T - - - -
            <missing>                        | null                              | F T - - - -
            [1, "2024-01-15T10:30:00Z"]      | [1.0, "2024-01-15T12:30:00+02:00"] | T F - - - -
            [1, 2]                           | [2, 1]                            | F T - - - -
            [1, 2]                           | [1]                               | F T - - - -
            {"a": "12.50", "b": [true]}      | {"b": [true], "a": 12.5}          | T F - - - -
            {"a": 1, "b": 2}                 | {"a": 1}                          | F T - - - -
            {"a": 1}                         | {"b": 1}                          | F T - - - -
            """)
    void shouldCompareByKind(String value, String operand, String expected) {
        String[] answers = expected.split(" ");
        EventEnvelope event = eventWith(value);
        for (int i = 0; i < OPERATORS.length; i++) {
            String where = "{\"new.v\": {\"" + OPERATORS[i] + "\": " + operand + "}}";
            if (answers[i].equals("-")) {
                List<FieldError> errors = WhereCompiler.check(Json.parse(where), "where");
                assertThat(errors).as(where).extracting(FieldError::path).containsExactly("where.new.v." + OPERATORS[i]);
            } else {
                assertThat(matches(where, event)).as(where).isEqualTo(answers[i].equals("T"));
            }
        }
        boolean equal = answers[0].equals("T");
        assertThat(matches("{\"new.v\": " + operand + "}", event)).as("plain equality").isEqualTo(equal);
        assertThat(matches("{\"new.v\": {\"$in\": [" + operand + "]}}", event)).as("$in one").isEqualTo(equal);
        assertThat(matches("{\"new.v\": {\"$in\": [\"zz\", 0, " + operand + "]}}", event)).as("$in several")
                .isEqualTo(equal);
        assertThat(matches("{\"new.v\": {\"$nin\": [" + operand + "]}}", event)).as("$nin one").isEqualTo(!equal);
        assertThat(matches("{\"new.v\": {\"$nin\": [\"zz\", 0, " + operand + "]}}", event)).as("$nin several")
                .isEqualTo(!equal);
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1000                              | NUMBER
            "12.50"                           | NUMBER
            "-1.5e-7"                         | NUMBER
            "NaN"                             | NUMBER
            "-Infinity"                       | NUMBER
            "007"                             | STRING
            "2024-01-15T10:30:00.5+00:00"     | MOMENT
            "2024-01-15T10:30:00.5"           | MOMENT
            "2024-01-15"                      | MOMENT
            "0044-03-15 BC"                   | MOMENT
            "-0043-03-15"                     | MOMENT
            "+10000-01-01T00:00:00Z"          | MOMENT
            "infinity"                        | MOMENT
            "-infinity"                       | MOMENT
            "2024-02-30"                      | STRING
            "2024-01-15T25:00:00"             | STRING
            "2024-01-15T24:00:01"             | STRING
            "2024-01-15T10:30:00.1234567891Z" | STRING
            "2024-01-15T10:30:00+19:00"       | STRING
            "2024-01-15T10:30:00+02:00 BC"    | MOMENT
            "-2024-01-15 BC"                  | STRING
            "0000-01-01 BC"                   | STRING
            "2024-01-15Z"                     | STRING
            "10:00:00+02"                     | TIME
            "24:00:00"                        | TIME
            "10:30"                           | TIME
            "10:60"                           | STRING
            "10:30:00 "                       | STRING
            "P1Y2M3DT4H5M6.5S"                | STRING
            "Infinityx"                       | STRING
            "ice"                             | STRING
            true                              | BOOLEAN
            null                              | NULL
            """)
    void shouldClassifyAnOperandOnceByItsSpelling(String operand, Scalar.Kind kind) {
        assertThat(Scalar.of(Json.parse(operand)).kind()).isEqualTo(kind);
    }

    private static boolean matches(String where, EventEnvelope event) {
        return WhereCompiler.compile(Json.parse(where)).test(event);
    }

    private static EventEnvelope eventWith(String value) {
        JsonNode data = Json.parse(value.equals("<missing>")
                ? "{\"operation\":\"UPDATE\",\"new\":{}}"
                : "{\"operation\":\"UPDATE\",\"new\":{\"v\":" + value + "}}");
        return WhereCompilerTest.ORDER_UPDATE.withData(data);
    }
}
