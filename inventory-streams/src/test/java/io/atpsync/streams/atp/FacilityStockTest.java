package io.atpsync.streams.atp;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.streams.atp.FacilityStock.Outcome;
import java.time.Duration;
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
        FacilityStock s = apply(
                FacilityStock.EMPTY,
                StockChange.delta(1 * H, 10, 10), // before the count: superseded by it
                StockChange.delta(5 * H, -2, -2), // after the count, arrived first: stays on top
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
        FacilityStock s = apply(
                FacilityStock.EMPTY,
                StockChange.delta(1 * H, 10, 10),
                StockChange.delta(2 * H, 0, -3),
                StockChange.count(3 * H, 8L, null));
        assertThat(s.qoh()).isEqualTo(8);
        assertThat(s.atp()).isEqualTo(5);
    }

    @Test
    void shouldSetOnlyAtpWhenTheCountGivesOnlyAtp() {
        FacilityStock s =
                apply(FacilityStock.EMPTY, StockChange.delta(1 * H, 10, 10), StockChange.count(3 * H, null, 4L));
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
        assertThat(s.apply(StockChange.delta(2 * H, 5, 5), HORIZON, log).stock().qoh())
                .isEqualTo(105);
    }

    @Test
    void shouldSumDeltasOfTheSameMillisecondAndLetACountAtThatMillisecondSupersedeBoth() {
        FacilityStock s = apply(
                FacilityStock.EMPTY,
                StockChange.delta(2 * H, 3, 3),
                StockChange.delta(2 * H, 4, 4),
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
        for (int i = 1; i <= 40_000; i++) { // 4.6 days of a sale every 10 s
            s = apply(s, StockChange.delta(i * every, -1, -1));
        }
        assertThat(s.qoh()).isEqualTo(-40_000);
        assertThat(log.deltas.size()).isLessThanOrEqualTo((int) (HORIZON / every) + 1);
        assertThat(s.oldest()).isEqualTo(log.deltas.firstKey());
    }

    // ---- late events behind a count (the issue "Right against the real Shopify", requirement 4) ----------------

    private static final long T13 =
            java.time.Instant.parse("2026-12-01T13:00:00Z").toEpochMilli();

    @Test
    void shouldLetALateReservationMoveAtpBehindACountOfOnlyTheQuantityOnHand() {
        // qoh = atp = 10; a reservation of 2 at 13:00:05; RESET setQoh 10 as of 13:00:10; the reservation arrives last
        FacilityStock s =
                apply(FacilityStock.EMPTY, StockChange.delta(T13, 10, 10), StockChange.count(T13 + 10_000, 10L, null));
        FacilityStock.Applied late = s.apply(StockChange.delta(T13 + 5_000, 0, -2), HORIZON, log);

        assertThat(late.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(late.stock().qoh()).isEqualTo(10);
        assertThat(late.stock().atp()).isEqualTo(8); // not 10: the count did not count reservations
    }

    @Test
    void shouldNotTakeALateFulfilmentFromAtpTwiceBehindACountOfOnlyTheQuantityOnHand() {
        // qoh 10, atp 8 (2 reserved); FULFILLED −2 at 13:00:05; the count finds 8 on hand at 13:00:10; the fulfilment
        // arrives last
        FacilityStock s = apply(
                FacilityStock.EMPTY,
                StockChange.delta(T13, 10, 10),
                StockChange.delta(T13 + 1_000, 0, -2),
                StockChange.count(T13 + 10_000, 8L, null));
        assertThat(s.atp())
                .as("before the fulfilment is known, the count's shift took 2 from ATP")
                .isEqualTo(6);

        FacilityStock late =
                s.apply(StockChange.delta(T13 + 5_000, -2, 0), HORIZON, log).stock();

        assertThat(late.qoh()).isEqualTo(8);
        assertThat(late.atp()).isEqualTo(8); // the reserved units left, ATP did not fall twice
    }

    @Test
    void shouldSupersedeALateDeltaWhollyBehindACountOfBoth() {
        FacilityStock s = apply(FacilityStock.EMPTY, StockChange.count(T13 + 10_000, 10L, 8L));
        FacilityStock.Applied late = s.apply(StockChange.delta(T13 + 5_000, 0, -2), HORIZON, log);

        assertThat(late.outcome()).isEqualTo(Outcome.SUPERSEDED);
        assertThat(late.stock().atp()).isEqualTo(8);
    }

    @Test
    void shouldMoveOnlyTheQuantityOnHandForALateSaleBehindACountOfOnlyAtp() {
        FacilityStock s =
                apply(FacilityStock.EMPTY, StockChange.delta(T13, 10, 10), StockChange.count(T13 + 10_000, null, 9L));
        FacilityStock late =
                s.apply(StockChange.delta(T13 + 5_000, -1, -1), HORIZON, log).stock();

        assertThat(late.qoh()).isEqualTo(9);
        assertThat(late.atp()).isEqualTo(9);
    }

    @Test
    void shouldRefuseAnOlderCountWhoseAtpANewerQohOnlyCountDidNotSet() {
        FacilityStock s =
                apply(FacilityStock.EMPTY, StockChange.delta(T13, 10, 10), StockChange.count(T13 + 10_000, 10L, null));

        assertThat(s.apply(StockChange.count(T13 + 5_000, 10L, 7L), HORIZON, log)
                        .outcome())
                .isEqualTo(Outcome.BEHIND_A_PARTIAL_COUNT);
        assertThat(s.apply(StockChange.count(T13 + 5_000, 12L, null), HORIZON, log)
                        .outcome())
                .as("its qoh was counted again")
                .isEqualTo(Outcome.SUPERSEDED);
    }

    /**
     * The design applies every event as of its occurredAt: the same events in any arrival order end in the same stock
     * as in event-time order. Two families: deltas with counts of both quantities (and counts of one quantity older
     * than the newest of those), or deltas with one count of a single quantity. A count of both arriving after a newer
     * count of one quantity is refused instead (see above): that case is loud, not order-free.
     */
    @Test
    void shouldEndInTheSameStockWhateverOrderTheSameEventsArriveIn() {
        for (long seed = 1; seed <= 300; seed++) {
            java.util.Random random = new java.util.Random(seed);
            boolean fullCounts = random.nextBoolean();
            java.util.List<StockChange> events = new java.util.ArrayList<>();
            java.util.Set<Long> countTimes = new java.util.HashSet<>();
            long newestFull = Long.MIN_VALUE;
            for (int i = 0; i < 30; i++) {
                long at = T13 + random.nextInt(3_600) * 1_000L;
                if (fullCounts && random.nextInt(6) == 0 && countTimes.add(at)) {
                    events.add(StockChange.count(at, (long) random.nextInt(50), (long) random.nextInt(50)));
                    newestFull = Math.max(newestFull, at);
                } else {
                    events.add(StockChange.delta(at, random.nextInt(11) - 5, random.nextInt(11) - 5));
                }
            }
            long partialAt = T13 + random.nextInt(3_600) * 1_000L;
            if (fullCounts) {
                partialAt =
                        newestFull == Long.MIN_VALUE ? Long.MIN_VALUE : newestFull - 1 - random.nextInt(600) * 1_000L;
            }
            if (partialAt != Long.MIN_VALUE && countTimes.add(partialAt)) {
                events.add(
                        random.nextBoolean()
                                ? StockChange.count(partialAt, (long) random.nextInt(50), null)
                                : StockChange.count(partialAt, null, (long) random.nextInt(50)));
            }
            java.util.List<StockChange> inTime = new java.util.ArrayList<>(events);
            inTime.sort(
                    java.util.Comparator.comparingLong(StockChange::occurredAt).thenComparing(StockChange::absolute));
            FacilityStock expected = applyAll(inTime);
            for (int shuffle = 0; shuffle < 5; shuffle++) {
                java.util.List<StockChange> arrival = new java.util.ArrayList<>(events);
                java.util.Collections.shuffle(arrival, random);
                FacilityStock actual = applyAll(arrival);
                String where = "seed " + seed + " shuffle " + shuffle + " " + arrival;
                assertThat(actual.qoh()).as(where).isEqualTo(expected.qoh());
                assertThat(actual.atp()).as(where).isEqualTo(expected.atp());
            }
        }
    }

    private static FacilityStock applyAll(java.util.List<StockChange> changes) {
        MemoryDeltaLog deltas = new MemoryDeltaLog();
        FacilityStock s = FacilityStock.EMPTY;
        for (StockChange c : changes) {
            s = s.apply(c, HORIZON, deltas).stock();
        }
        return s;
    }
}
