package io.tributary.console.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortalPagesTest {

    @Test
    void shouldPutEveryValidationProblemOnTheFormFieldItIsAbout() {
        Map<String, String> errors = PortalPages.fieldErrors(List.of(new FieldError("config.url", "must be http(s)"),
                new FieldError("name", "is required"), new FieldError("filter.status", "must be a list"),
                new FieldError("eventType", "bad"), new FieldError("config.headers", "too many")));

        assertThat(errors).containsExactly(Map.entry("url", "must be http(s)"), Map.entry("name", "is required"),
                Map.entry("filter", "must be a list"), Map.entry("eventType", "bad"),
                Map.entry("", "config.headers too many"));
    }

    @Test
    void shouldAlwaysSearchTheSessionsTenantAndRefuseATenantParameter() {
        LedgerQuery query = PortalPages.scoped(Map.of("outcome", new String[] {"DELIVERED"}),
                PortalPages.DELIVERY_FIELDS, SearchParameters.DELIVERIES, "acme");

        assertThat(query.tenant()).isEqualTo("acme");
        assertThat(query.outcome()).isEqualTo("DELIVERED");
        assertThatThrownBy(() -> PortalPages.scoped(Map.of("tenant", new String[] {"globex"}),
                PortalPages.DELIVERY_FIELDS, SearchParameters.DELIVERIES, "acme"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::path)
                        .containsExactly("tenant"));
    }
}
