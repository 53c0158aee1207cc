package io.atpsync.streams.atp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.atpsync.streams.atp.FacilityStock.Outcome;
import org.junit.jupiter.api.Test;

class FacilityStockTest {

    private static final long HORIZON = Duration.ofHours(48).toMillis();
    private static final long H = Duration.ofHours(1).toMillis();

    private final MemoryDeltaLog log = new MemoryDeltaLog();

    private FacilityStock apply(FacilityStock s, StockChange... changes) {
        for (StockChange c : changes) {
            s = s.apply(c, HORIZON, log).stock();
        }
        return s;
    }

    @Test
    void shouldSumDeltasInAnyArrivalOrder() {
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.delta(3 * H, 5, 5), StockChange.delta(1 * H, -1, -2));
        assertThat(s.qoh()).isEqualTo(4);
        assertThat(s.atp()).isEqualTo(3);
    }

    @Test
    void shouldApplyDeltasAfterACountOnTopEvenWhenTheyArrivedFirst() {
        FacilityStock s = apply(FacilityStock.EMPTY,
                StockChange.delta(1 * H, 10, 10),    // before the count: superseded by it
                StockChange.delta(5 * H, -2, -2),    // after the count, arrived first: stays on top
                StockChange.count(4 * H, 40L, null));
        assertThat(s.qoh()).isEqualTo(38);
        assertThat(s.atp()).isEqualTo(38);
    }

    @Test
    void shouldIgnoreADeltaThatHappenedBeforeTheCountButArrivedAfterIt() {
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.count(4 * H, 40L, 40L));
        FacilityStock.Applied late = s.apply(StockChange.delta(3 * H, -5, -5), HORIZON, log);
        assertThat(late.outcome()).isEqualTo(Outcome.SUPERSEDED);
        assertThat(late.stock().qoh()).isEqualTo(40);
    }

    @Test
    void shouldShiftAtpWithQohWhenTheCountGivesNoAtp() {
        // qoh 10, atp 7 (3 reserved); count finds 8 on hand → atp 5
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.delta(1 * H, 10, 10), StockChange.delta(2 * H, 0, -3),
                StockChange.count(3 * H, 8L, null));
        assertThat(s.qoh()).isEqualTo(8);
        assertThat(s.atp()).isEqualTo(5);
    }

    @Test
    void shouldSetOnlyAtpWhenTheCountGivesOnlyAtp() {
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.delta(1 * H, 10, 10), StockChange.count(3 * H, null, 4L));
        assertThat(s.qoh()).isEqualTo(10);
        assertThat(s.atp()).isEqualTo(4);
    }

    @Test
    void shouldLetTheNewerOfTwoCountsWinWhateverTheArrivalOrder() {
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.count(5 * H, 20L, 20L));
        FacilityStock.Applied older = s.apply(StockChange.count(4 * H, 99L, 99L), HORIZON, log);
        assertThat(older.outcome()).isEqualTo(Outcome.SUPERSEDED);
        assertThat(older.stock().qoh()).isEqualTo(20);
    }

    @Test
    void shouldPlaceACountTwentyFourHoursLateAmongTheDeltas() {
        FacilityStock s = FacilityStock.EMPTY;
        for (int hour = 1; hour <= 30; hour++) {
            s = apply(s, StockChange.delta(hour * H, 1, 1));
        }
        // a count as of hour 5 arrives at hour 30: 25 hours late, within the horizon
        FacilityStock.Applied counted = s.apply(StockChange.count(5 * H + 1, 100L, 100L), HORIZON, log);
        assertThat(counted.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(counted.stock().qoh()).isEqualTo(100 + 25);
    }

    @Test
    void shouldFoldOldDeltasAndRefuseACountOlderThanTheHorizon() {
        FacilityStock s = FacilityStock.EMPTY;
        for (int hour = 1; hour <= 100; hour++) {
            s = apply(s, StockChange.delta(hour * H, 1, 1));
        }
        assertThat(log.deltas).hasSizeLessThanOrEqualTo(49);
        assertThat(s.qoh()).isEqualTo(100);
        FacilityStock.Applied tooLate = s.apply(StockChange.count(10 * H, 0L, 0L), HORIZON, log);
        assertThat(tooLate.outcome()).isEqualTo(Outcome.TOO_LATE);
        assertThat(tooLate.stock().qoh()).isEqualTo(100);
        // a late delta (not a count) still counts, even older than the horizon
        assertThat(s.apply(StockChange.delta(2 * H, 5, 5), HORIZON, log).stock().qoh()).isEqualTo(105);
    }

    @Test
    void shouldSumDeltasOfTheSameMillisecondAndLetACountAtThatMillisecondSupersedeBoth() {
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.delta(2 * H, 3, 3), StockChange.delta(2 * H, 4, 4),
                StockChange.delta(3 * H, -1, -1));
        assertThat(log.deltas).hasSize(2);
        assertThat(s.qoh()).isEqualTo(6);
        assertThat(apply(s, StockChange.count(2 * H, 50L, null)).qoh()).isEqualTo(49);
        assertThat(log.deltas).containsOnlyKeys(3 * H);
    }

    @Test
    void shouldKeepOnlyTheHorizonsDeltasHoweverManyEventsAPositionHas() {
        FacilityStock s = FacilityStock.EMPTY;
        long every = Duration.ofSeconds(10).toMillis();
        for (int i = 1; i <= 40_000; i++) {                          // 4.6 days of a sale every 10 s
            s = apply(s, StockChange.delta(i * every, -1, -1));
        }
        assertThat(s.qoh()).isEqualTo(-40_000);
        assertThat(log.deltas.size()).isLessThanOrEqualTo((int) (HORIZON / every) + 1);
        assertThat(s.oldest()).isEqualTo(log.deltas.firstKey());
    }

    /** The same changes in the same order, whatever the arrival order and lateness: the log-backed stock agrees with the listed one. */
    @Test
    void shouldAgreeWithTheStockThatKeptItsDeltasInALine() {
        for (long seed = 1; seed <= 200; seed++) {
            java.util.Random random = new java.util.Random(seed);
            MemoryDeltaLog deltas = new MemoryDeltaLog();
            FacilityStock stock = FacilityStock.EMPTY;
            ListedFacilityStock listed = ListedFacilityStock.EMPTY;
            long now = 0;
            for (int step = 0; step < 300; step++) {
                now += random.nextInt(3) * (random.nextBoolean() ? H : 60_000);
                long at = now - (random.nextInt(10) == 0 ? random.nextInt(80) * H : random.nextInt(3) * 60_000);   // some late, a few beyond 48 h
                StockChange c = random.nextInt(8) == 0
                        ? StockChange.count(at, random.nextBoolean() ? (long) random.nextInt(100) : null, random.nextBoolean() ? (long) random.nextInt(100) : null)
                        : StockChange.delta(at, random.nextInt(11) - 5, random.nextInt(11) - 5);
                FacilityStock.Applied a = stock.apply(c, HORIZON, deltas);
                ListedFacilityStock.Applied b = listed.apply(c, HORIZON);
                String where = "seed " + seed + " step " + step + " " + c;
                assertThat(a.outcome().name()).as(where).isEqualTo(b.outcome().name());
                assertThat(a.stock().qoh()).as(where).isEqualTo(b.stock().qoh());
                assertThat(a.stock().atp()).as(where).isEqualTo(b.stock().atp());
                assertThat(a.stock().foldedUpTo()).as(where).isEqualTo(b.stock().foldedUpTo());
                assertThat(deltas.deltas.keySet()).as(where).containsExactlyElementsOf(
                        b.stock().deltas().stream().map(ListedFacilityStock.Delta::occurredAt).distinct().toList());
                stock = a.stock();
                listed = b.stock();
            }
        }
    }
}
