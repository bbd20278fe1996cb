package io.tributary.console.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerRows.EventRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailFilterTest {

    static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    static EventRow order(String id, String tenant, String type, int amount, String extension) {
        String data = "{\"table\":\"salesOrder\",\"operation\":\"UPDATE\",\"recordId\":\"so_1\",\"new\":{\"amount\":"
                + amount + ",\"status\":\"paid\"}}";
        String attributes = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/postgres/app\",\"type\":\""
                + type + "\",\"time\":\"" + AT + "\",\"tenant\":\"" + tenant + "\",\"depth\":0"
                + (extension == null ? "" : ",\"region\":\"" + extension + "\"") + "}";
        return new EventRow(id, tenant, type, "/postgres/app", "salesOrder", "so_1", "UPDATE", AT, data,
                "{\"amount\":" + amount + ",\"status\":\"paid\"}", attributes);
    }

    static TailFilter filter(String... parameters) {
        Map<String, String[]> given = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            given.put(parameters[i], new String[] {parameters[i + 1]});
        }
        return new TailFilter(SearchParameters.read(given, SearchParameters.TAIL));
    }

    @Test
    void shouldMatchTheTenantAndTheTypeExactlyOrByPrefix() {
        EventRow row = order("e1", "co_1", "salesOrder.update", 10, null);

        assertThat(filter().test(row)).isTrue();
        assertThat(filter("tenant", "co_1", "type", "salesOrder.*").test(row)).isTrue();
        assertThat(filter("type", "salesOrder.update").test(row)).isTrue();
        assertThat(filter("type", "sales.*").test(row)).isFalse();
        assertThat(filter("tenant", "co_2").test(row)).isFalse();
        assertThat(filter("table", "salesOrder", "recordId", "so_2").test(row)).isFalse();
    }

    @Test
    void shouldKeepTheTimeRangeFromIncludedToExcluded() {
        EventRow row = order("e1", "co_1", "salesOrder.update", 10, null);

        assertThat(filter("from", AT.toString()).test(row)).isTrue();
        assertThat(filter("to", AT.toString()).test(row)).isFalse();
        assertThat(filter("to", AT.plusMillis(1).toString()).test(row)).isTrue();
    }

    @Test
    void shouldDecideTheFilterAndTheWhereAsASubscriptionDoes() {
        EventRow big = order("e1", "co_1", "salesOrder.update", 1500, "eu");
        EventRow small = order("e2", "co_1", "salesOrder.update", 15, null);

        TailFilter paidOverAThousand = filter("filter", "{\"status\": \"paid\"}", "where",
                "{\"new.amount\": {\"$gt\": \"1000\"}}");
        assertThat(paidOverAThousand.test(big)).isTrue();
        assertThat(paidOverAThousand.test(small)).isFalse();
        assertThat(filter("filter", "{\"status\": \"open\"}").test(big)).isFalse();
        // An extension attribute is in the envelope the where reads.
        assertThat(filter("where", "{\"region\": \"eu\"}").test(big)).isTrue();
        assertThat(filter("where", "{\"region\": \"eu\"}").test(small)).isFalse();
    }
}
