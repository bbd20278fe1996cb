package io.tributary.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedrivesTest {

    @Test
    void shouldRefuseEveryMalformedPartOfARedriveAtOnceBeforeSearching() {
        assertThatThrownBy(() -> Redrives.select(Map.of("position", new String[] {"t.handler.webhook-dlt/0:12",
                "t.handler.webhook/0:1", "t.handler.webhook-dlt/x:1"}, "dryRun", new String[] {"yes"},
                "status", new String[] {"503"}), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::path, FieldError::reason).containsExactly(
                                org.assertj.core.groups.Tuple.tuple("position", "must be <dead-letter topic>/<partition>:"
                                        + "<offset> such as tributary.handler.webhook-dlt/0:12, got"
                                        + " 't.handler.webhook/0:1'"),
                                org.assertj.core.groups.Tuple.tuple("position", "must be <dead-letter topic>/<partition>:"
                                        + "<offset> such as tributary.handler.webhook-dlt/0:12, got"
                                        + " 't.handler.webhook-dlt/x:1'"),
                                org.assertj.core.groups.Tuple.tuple("dryRun", "must be true or false"),
                                org.assertj.core.groups.Tuple.tuple("status", "is not a parameter of this search; it"
                                        + " takes cursor, deliveryId, eventId, filter, from, limit, reasonCode,"
                                        + " subscription, tenant, to, topic, type, where")));
    }
}
