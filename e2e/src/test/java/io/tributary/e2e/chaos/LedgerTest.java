package io.tributary.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos ledger finds what it must: lost, unexpected and re-identified changes, and broken per-record order. */
class LedgerTest {

    private final Ledger ledger = new Ledger();

    @Test
    void shouldCountDuplicatesWithTheSameIdAndNothingElseWhenEverythingArrived() {
        ledger.committed(1, 1);
        ledger.committed(1, 2);
        ledger.delivered("all", "e1:sub", 1, 1);
        ledger.delivered("all", "e2:sub", 1, 2);
        ledger.delivered("all", "e1:sub", 1, 1);

        Ledger.Verdict verdict = ledger.verify("all", seq -> true, true);

        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.unexpected()).isEmpty();
        assertThat(verdict.idMismatches()).isEmpty();
        assertThat(verdict.orderViolations()).isEmpty();
        assertThat(verdict.duplicates()).isEqualTo(1);
        assertThat(verdict.distinct()).isEqualTo(2);
    }

    @Test
    void shouldFindLostUnexpectedAndReidentifiedChanges() {
        ledger.committed(1, 1);
        ledger.committed(1, 2);
        ledger.committed(2, 1);
        ledger.delivered("even", "e2:sub", 1, 2);
        ledger.delivered("even", "other:sub", 1, 2);
        ledger.delivered("even", "e3:sub", 2, 1);
        ledger.delivered("even", "e9:sub", 3, 4);

        Ledger.Verdict verdict = ledger.verify("even", seq -> seq % 2 == 0, false);

        assertThat(verdict.expected()).isEqualTo(1);
        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.unexpected()).containsExactlyInAnyOrder(new Ledger.Change(2, 1), new Ledger.Change(3, 4));
        assertThat(verdict.idMismatches()).hasSize(1);
        assertThat(ledger.verify("other", seq -> true, false).lost()).hasSize(3);
    }

    @Test
    void shouldFindAChangeThatArrivedAfterALaterOneButNotARedeliveryOfASeenId() {
        ledger.committed(1, 1);
        ledger.committed(1, 2);
        ledger.committed(1, 3);
        ledger.delivered("ordered", "e1:sub", 1, 1);
        ledger.delivered("ordered", "e2:sub", 1, 2);
        ledger.delivered("ordered", "e1:sub", 1, 1);
        ledger.delivered("redelivered", "e1:sub", 1, 1);
        ledger.delivered("redelivered", "e3:sub", 1, 3);
        ledger.delivered("redelivered", "e2:sub", 1, 2);

        assertThat(ledger.verify("ordered", seq -> true, true).orderViolations()).isEmpty();
        assertThat(ledger.verify("redelivered", seq -> true, true).orderViolations())
                .containsExactly("key 1: seq 2 arrived after seq 3");
    }

    @Test
    void shouldTellWhetherASubscriptionReceivedAChangeCommittedAfterAMark() {
        ledger.committed(1, 1);
        ledger.delivered("all", "e1:sub", 1, 1);
        Map<Integer, Long> mark = ledger.latestCommitted();
        ledger.committed(1, 2);

        assertThat(ledger.receivedAfter("all", mark)).isFalse();
        ledger.delivered("all", "e2:sub", 1, 2);
        assertThat(ledger.receivedAfter("all", mark)).isTrue();
    }
}
