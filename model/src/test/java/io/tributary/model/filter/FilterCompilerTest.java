package io.tributary.model.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import org.junit.jupiter.api.Test;

class FilterCompilerTest {

    @Test
    void shouldRejectAFilterThatIsNotAnObject() {
        assertThat(FilterCompiler.check(Json.parse("[1]"), "filter"))
                .extracting(FieldError::path).containsExactly("filter");
        assertThat(FilterCompiler.check(Json.parse("\"confirmed\""), "filter").get(0).reason())
                .contains("must be a JSON object");
    }

    @Test
    void shouldRejectAFilterNestedTooDeeplyWithThePath() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode node = root;
        for (int i = 0; i < FilterCompiler.MAX_DEPTH + 2; i++) {
            node = node.putObject("k");
        }
        assertThat(FilterCompiler.check(root, "filter"))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.path()).startsWith("filter.k.k.k");
                    assertThat(error.reason()).contains("deeper than 32");
                });
    }

    @Test
    void shouldRejectAFilterWithTooManyValues() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("ids");
        for (int i = 0; i < FilterCompiler.MAX_NODES + 5; i++) {
            list.add(i);
        }
        assertThatThrownBy(() -> FilterCompiler.compile(root))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("filter: holds more than 1000 values");
    }

    @Test
    void shouldTreatAMissingFilterAsMatchingEverything() {
        assertThat(FilterCompiler.compile(null).test(Json.parse("{\"a\":1}"))).isTrue();
    }

    @Test
    void shouldNeverMatchAMissingDocument() {
        assertThat(FilterCompiler.compile(Json.parse("{}")).test(null)).isFalse();
    }
}
