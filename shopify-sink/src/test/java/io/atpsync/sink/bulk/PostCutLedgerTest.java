package io.atpsync.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The live deltas after a bulk hard sync's cut: what keeps an item out of the file and moves its direct target. */
class PostCutLedgerTest {

    private static final PostCutLedger.Key A = new PostCutLedger.Key("gid://shopify/Location/1", "item-A");
    private static final PostCutLedger.Key B = new PostCutLedger.Key("gid://shopify/Location/1", "item-B");

    @Test
    void shouldMarkACoveredItemBeforeItsDeltaIsSentAndSumWhatApplied() {
        PostCutLedger ledger = new PostCutLedger();
        ledger.cover(A);

        ledger.touching(A);
        assertThat(ledger.touched(A))
                .as("marked before the call: a read that saw it finds the mark")
                .isTrue();
        assertThat(ledger.sinceCut(A)).isZero();

        ledger.applied(A, -1);
        ledger.touching(A);
        ledger.applied(A, 3);
        assertThat(ledger.sinceCut(A)).isEqualTo(2);
    }

    @Test
    void shouldIgnoreItemsNoBulkHardSyncCoversAndForgetAReleasedOne() {
        PostCutLedger ledger = new PostCutLedger();
        ledger.touching(B);
        ledger.applied(B, 5);
        assertThat(ledger.touched(B)).isFalse();
        assertThat(ledger.sinceCut(B)).isZero();

        ledger.cover(A);
        ledger.touching(A);
        ledger.applied(A, 4);
        ledger.release(A);
        assertThat(ledger.covers(A)).isFalse();
        assertThat(ledger.touched(A)).isFalse();
        ledger.applied(A, 1);
        assertThat(ledger.sinceCut(A)).as("ordinary again").isZero();
    }
}
