package io.tributary.capture.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.FieldError;
import io.tributary.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

class EventSchemasTest {

    private final EventSchemas schemas = EventSchemas.load(
            Map.of("invoice.paid", "classpath:schemas/invoice-paid.json"), new DefaultResourceLoader());

    @Test
    void shouldAcceptValidDataAndTypesWithoutSchema() {
        assertThat(schemas.validate("invoice.paid", Json.parse("{\"invoice\": \"inv_7\", \"amount\": 12.50}")))
                .isEmpty();
        assertThat(schemas.validate("invoice.voided", Json.parse("{\"anything\": [1, 2]}"))).isEmpty();
        assertThat(schemas.covers("invoice.paid")).isTrue();
        assertThat(schemas.covers("invoice.voided")).isFalse();
    }

    @Test
    void shouldNameEveryViolationWithItsPathUnderData() {
        List<FieldError> errors = schemas.validate("invoice.paid",
                Json.parse("{\"invoice\": \"INV-7\", \"amount\": \"12\", \"note\": 1}"));
        assertThat(errors).extracting(FieldError::path).containsExactlyInAnyOrder("data", "data.amount", "data.invoice");
        assertThat(errors).filteredOn(e -> e.path().equals("data.amount")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("string found, number expected")
                        .endsWith("(schema of invoice.paid)"));
        assertThat(errors).filteredOn(e -> e.path().equals("data")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("note"));
        assertThat(schemas.validate("invoice.paid", null)).extracting(FieldError::path).containsExactly("data");
    }

    @Test
    void shouldRefuseToStartWithAMissingOrInvalidSchema() {
        assertThatThrownBy(() -> EventSchemas.load(Map.of("a.b", "classpath:schemas/none.json"),
                new DefaultResourceLoader()))
                .hasMessageStartingWith("tributary.ingest.schemas[a.b]: cannot read classpath:schemas/none.json");
        assertThatThrownBy(() -> EventSchemas.load(Map.of("a.b", "classpath:logback-test.xml"),
                new DefaultResourceLoader()))
                .hasMessageStartingWith("tributary.ingest.schemas[a.b]: classpath:logback-test.xml is not a valid");
    }
}
