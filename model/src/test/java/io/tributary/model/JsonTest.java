package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void shouldSayWhyAndWhereATextIsNotJson() {
        assertThatThrownBy(() -> Json.parse("{\"status\": confirmed}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not valid JSON: Unrecognized token 'confirmed': was expecting (JSON String, Number,"
                        + " Array, Object or token 'null', 'true' or 'false') (line 1, column 12)");
        assertThatThrownBy(() -> Json.parse("{\n  \"status\": \"confirmed\",\n}"))
                .hasMessage("not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to"
                        + " start field name (line 3, column 1)");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessage("not valid JSON: Unexpected end-of-input: expected"
                + " close marker for Array (start marker at line 1, column 1) (line 1, column 6)");
    }

    @Test
    void shouldParseAValidText() {
        assertThat(Json.parse("{\"status\": \"confirmed\"}").get("status").textValue()).isEqualTo("confirmed");
    }
}
