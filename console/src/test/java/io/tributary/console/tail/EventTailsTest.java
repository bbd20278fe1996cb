package io.tributary.console.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.console.api.SearchParameters;
import io.tributary.console.ledger.LedgerQuery;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTailsTest {

    static final LedgerQuery ALL = SearchParameters.read(Map.of(), SearchParameters.TAIL);

    @Test
    void shouldKeepTailsForTheConsoleWhenScriptsHoldTheirShare() {
        try (EventTails tails = new EventTails(Clock.systemUTC())) {
            for (int i = 0; i < EventTails.MAX_API_TAILS; i++) {
                tails.open(ALL, null);
            }
            assertThatThrownBy(() -> tails.open(ALL, null)).isInstanceOf(EventTails.TooManyTails.class)
                    .hasMessage("at most 12 live tails are open through the API at once; close one (or wait for one"
                            + " to end)");

            tails.open(ALL, "session-a");
            tails.open(ALL, "session-a");
            assertThatThrownBy(() -> tails.open(ALL, "session-a")).isInstanceOf(EventTails.TooManyTails.class)
                    .hasMessage("at most 2 live tails are open in one console session; close one (another tab's)"
                            + " first");
            tails.open(ALL, "session-b");
            tails.open(ALL, "session-c");
            assertThat(tails.count()).isEqualTo(EventTails.MAX_TAILS);
            assertThatThrownBy(() -> tails.open(ALL, "session-d")).isInstanceOf(EventTails.TooManyTails.class)
                    .hasMessage("at most 16 live tails are open at once; close one (or wait for one to end)");

            tails.closeOwnedBy("session-a");
            assertThat(tails.count()).isEqualTo(EventTails.MAX_TAILS - 2);
            tails.open(ALL, "session-d");
        }
    }
}
