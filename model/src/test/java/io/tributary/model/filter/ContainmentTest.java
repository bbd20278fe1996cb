package io.tributary.model.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PostgreSQL's {@code doc @> filter}, case by case; {@code ContainmentDifferentialIT} checks 20,000 more. */
class ContainmentTest {

    @ParameterizedTest(name = "{0} @> {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"a":1}                         | {"a":1}                      | true
            {"a":1}                         | {"a":1.0}                    | true
            {"a":1}                         | {"a":1e0}                    | true
            {"a":100}                       | {"a":1e2}                    | true
            {"a":-0}                        | {"a":0}                      | true
            {"a":12345678901234567890}      | {"a":12345678901234567890}   | true
            {"a":12345678901234567890}      | {"a":12345678901234567891}   | false
            {"a":0.1}                       | {"a":0.10000000000000001}    | false
            {"a":"1"}                       | {"a":1}                      | false
            {"a":1}                         | {"a":"1"}                    | false
            {"a":true}                      | {"a":true}                   | true
            {"a":null}                      | {"a":null}                   | true
            {"a":null}                      | {"b":null}                   | false
            {"a":1,"b":2}                   | {}                           | true
            {}                              | {}                           | true
            {}                              | {"a":1}                      | false
            {"a":{"b":1,"c":2}}             | {"a":{"b":1}}                | true
            {"a":{"b":1}}                   | {"a":{}}                     | true
            {"a":[1,2,3]}                   | {"a":[3,1]}                  | true
            {"a":[1,2,3]}                   | {"a":[1,1,1]}                | true
            {"a":[1,2,3]}                   | {"a":[]}                     | true
            {"a":[1,2,3]}                   | {"a":[4]}                    | false
            {"a":[1,2,3]}                   | {"a":1}                      | false
            {"a":1}                         | {"a":[1]}                    | false
            {"a":[[1,2]]}                   | {"a":[[1]]}                  | true
            {"a":[[1,2]]}                   | {"a":[1]}                    | false
            {"a":[{"x":1,"y":2},{"x":3}]}   | {"a":[{"x":3},{"y":2}]}      | true
            {"a":[{"x":1}]}                 | {"a":[{"x":1,"y":2}]}        | false
            {"a":{"b":1}}                   | {"a":[]}                     | false
            {"a":[]}                        | {"a":{}}                     | false
            [1,2,3]                         | 1                            | true
            [1,2,3]                         | 4                            | false
            [[1,2]]                         | 1                            | false
            [1,[2,3]]                       | [[3]]                        | true
            [1,2,3]                         | [2,1]                        | true
            [1,2,3]                         | []                           | true
            1                               | 1                            | true
            1                               | [1]                          | false
            "a"                             | "a"                          | true
            {"a":1}                         | [{"a":1}]                    | false
            [{"a":1}]                       | {"a":1}                      | false
            {"a":"\\u00e9"}                 | {"a":"é"}                    | true
            {"a":"É"}                       | {"a":"é"}                    | false
            """)
    void shouldMatchPostgresqlContainment(String document, String filter, boolean expected) {
        assertThat(FilterCompiler.containment(Json.parse(filter)).test(Json.parse(document))).isEqualTo(expected);
    }
}
