package io.tributary.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.console.ledger.LedgerSearch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchFormsTest {

    @Test
    void shouldEncodeEveryValueOfEveryNameInOrderAsAFormDoes() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("type", new String[] {"salesOrder.*"});
        parameters.put("filter", new String[] {"{\"status\": \"a&b=c\"}"});
        parameters.put("position", new String[] {"t-dlt/0:5", "t-dlt/1:7"});
        assertThat(SearchForms.link("/console/dead-letters", parameters)).isEqualTo("/console/dead-letters"
                + "?type=salesOrder.*&filter=%7B%22status%22%3A+%22a%26b%3Dc%22%7D"
                + "&position=t-dlt%2F0%3A5&position=t-dlt%2F1%3A7");
        assertThat(SearchForms.link("/console/events", Map.of())).isEqualTo("/console/events");
    }

    @Test
    void shouldLinkTheNextPageWithItsCursorLastAndNoneAfterTheLastPage() {
        Map<String, String[]> given = new LinkedHashMap<>();
        given.put("cursor", new String[] {"old"});
        given.put("tenant", new String[] {"acme"});
        LedgerQuery.Cursor cursor = new LedgerQuery.Cursor(Instant.parse("2026-12-07T08:00:00.000001Z"), 42);
        assertThat(SearchForms.next("/portal/deliveries", given, new LedgerSearch.Page(List.of(), cursor)))
                .isEqualTo("/portal/deliveries?tenant=acme&cursor=" + SearchParameters.cursor(cursor));
        assertThat(SearchForms.next("/portal/deliveries", given, new LedgerSearch.Page(List.of(), null))).isNull();
        assertThat(given.get("cursor")).as("the request's own parameters are left as they were").containsExactly("old");
    }

    @Test
    void shouldShowEachFieldsFirstValueAndAnEmptyTextForAFieldNotGiven() {
        Map<String, String[]> given = Map.of("tenant", new String[] {"acme", "other"});
        assertThat(SearchForms.form(given, List.of("tenant", "type"))).containsExactly(
                Map.entry("tenant", "acme"), Map.entry("type", ""));
    }
}
