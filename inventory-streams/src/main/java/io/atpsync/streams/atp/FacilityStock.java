package io.atpsync.streams.atp;

import java.util.List;

/**
 * Quantity on hand and ATP of one SKU at one facility, with as-of semantics for counts.
 *
 * <p>The state is the running totals plus the deltas since the last count, kept individually (by event time, in a
 * {@link DeltaLog} beside the totals) only within the history horizon (≥ 24 h). A count as of T replaces everything
 * that happened at or before T and keeps the deltas after T on top, even those that arrived before it; a delta at or
 * before the last count is superseded. A count older than the horizon cannot be placed among the folded deltas and is
 * refused.
 *
 * <p>A count sets what it counts, and only that: a late delta dated before a count keeps the effect the count did not
 * include. A count of quantity on hand only ({@code setAtp} null, so ATP shifted with it) includes a delta's physical
 * part but not its reservation part: a late reservation still lowers ATP, and a late fulfilment (qoh −2, atp 0) gives
 * ATP back the 2 the count's shift took. A count that set ATP includes the delta's ATP part. A count older than the
 * last one is superseded when the counts since set what it sets, and refused ({@link Outcome#BEHIND_A_PARTIAL_COUNT})
 * when they did not.
 *
 * <p>The totals are what every event and every recompute reads; the deltas are read only by a count and by folding.
 * (They used to travel inside the state value, so a SKU selling several times a minute made every event read and write
 * its whole day of history: 1,200 deltas after 5 minutes at 4 sales/s in B4, and a latency that grew with them.)
 *
 * @param qoh quantity on hand
 * @param atp ATP
 * @param countAsOf instant of the last count, {@link Long#MIN_VALUE} if none
 * @param foldedUpTo deltas at or before this instant are no longer kept individually
 * @param oldest event time of the oldest delta kept, {@link Long#MAX_VALUE} if none
 * @param newest event time of the newest delta kept so far, {@link Long#MIN_VALUE} if none
 * @param qohCountAsOf instant of the last count that set the quantity on hand, {@link Long#MIN_VALUE} if none
 * @param atpCountAsOf instant of the last count that set ATP, {@link Long#MIN_VALUE} if none
 */
public record FacilityStock(
        long qoh,
        long atp,
        long countAsOf,
        long foldedUpTo,
        long oldest,
        long newest,
        long qohCountAsOf,
        long atpCountAsOf) {

    /** A stock whose counts (if any) set both quantities (state written before counts were told apart). */
    public FacilityStock(long qoh, long atp, long countAsOf, long foldedUpTo, long oldest, long newest) {
        this(qoh, atp, countAsOf, foldedUpTo, oldest, newest, countAsOf, countAsOf);
    }

    /** A delta kept individually. */
    public record Delta(long occurredAt, long qohDiff, long atpDiff) {}

    /**
     * Where one position's individual deltas live, ordered by event time; deltas of the same millisecond may be summed
     * into one (a count compares by millisecond, so it cannot split them).
     */
    public interface DeltaLog {

        /** Adds {@code delta}, summed with one of the same millisecond if there is one. */
        void add(Delta delta);

        /** Adds {@code delta}, later than every delta kept (no lookup of its millisecond needed). */
        default void append(Delta delta) {
            add(delta);
        }

        /** The deltas after {@code t}, oldest first. */
        List<Delta> after(long t);

        /** Removes the deltas before {@code t}. */
        Removed removeBefore(long t);
    }

    /**
     * What {@link DeltaLog#removeBefore} did.
     *
     * @param newestRemoved event time of the newest delta removed, {@link Long#MIN_VALUE} if none
     * @param oldestLeft event time of the oldest delta left, {@link Long#MAX_VALUE} if none
     */
    public record Removed(long newestRemoved, long oldestLeft) {}

    /** What applying a change did. */
    public enum Outcome {
        /** The stock changed (or was confirmed by a count). */
        APPLIED,
        /** An older count or a delta before the last count: nothing changes, by design. */
        SUPERSEDED,
        /** A count older than the history horizon: it cannot be placed among the folded deltas. */
        TOO_LATE,
        /**
         * A count older than the last one that sets a quantity the newer count did not (ATP behind a qoh-only count,
         * qoh behind an ATP-only count): its place among the deltas is gone, so it is refused rather than dropped.
         */
        BEHIND_A_PARTIAL_COUNT
    }

    /** The result of {@link #apply}. */
    public record Applied(FacilityStock stock, Outcome outcome) {}

    public static final FacilityStock EMPTY =
            new FacilityStock(0, 0, Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);

    /**
     * The state of a position whose deltas travelled inside it (format 1): totals, with the deltas to move into a log.
     */
    public static FacilityStock of(long baseQoh, long baseAtp, long countAsOf, long foldedUpTo, List<Delta> deltas) {
        long q = baseQoh;
        long a = baseAtp;
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (Delta d : deltas) {
            q += d.qohDiff();
            a += d.atpDiff();
            oldest = Math.min(oldest, d.occurredAt());
            newest = Math.max(newest, d.occurredAt());
        }
        return new FacilityStock(q, a, countAsOf, foldedUpTo, oldest, newest);
    }

    /** Applies {@code change}, then folds the deltas older than {@code horizonMillis} before the newest one. */
    public Applied apply(StockChange change, long horizonMillis, DeltaLog log) {
        Applied applied = change.absolute() ? applyCount(change, log) : applyDelta(change, log);
        return new Applied(applied.stock().fold(horizonMillis, log), applied.outcome());
    }

    private Applied applyDelta(StockChange c, DeltaLog log) {
        if (c.occurredAt() <= countAsOf) {
            return behindCount(c);
        }
        if (c.occurredAt() <= foldedUpTo) {
            // Late but after the last count: its exact place among folded deltas no longer matters.
            return new Applied(with(qoh + c.qohDiff(), atp + c.atpDiff(), oldest, newest), Outcome.APPLIED);
        }
        Delta d = new Delta(c.occurredAt(), c.qohDiff(), c.atpDiff());
        if (c.occurredAt() > newest) {
            log.append(d);
        } else {
            log.add(d);
        }
        return new Applied(
                with(
                        qoh + c.qohDiff(),
                        atp + c.atpDiff(),
                        Math.min(oldest, c.occurredAt()),
                        Math.max(newest, c.occurredAt())),
                Outcome.APPLIED);
    }

    /** A delta dated at or before the last count: what the counts after it did not include still applies. */
    private Applied behindCount(StockChange c) {
        boolean qohCounted = c.occurredAt() <= qohCountAsOf;
        boolean atpCounted = c.occurredAt() <= atpCountAsOf;
        long dq = qohCounted ? 0 : c.qohDiff();
        // A qoh-only count shifted ATP by the counted change of qoh, this delta's physical part included.
        long da = atpCounted ? 0 : qohCounted ? c.atpDiff() - c.qohDiff() : c.atpDiff();
        if (dq == 0 && da == 0) {
            return new Applied(this, Outcome.SUPERSEDED);
        }
        return new Applied(with(qoh + dq, atp + da, oldest, newest), Outcome.APPLIED);
    }

    private FacilityStock with(long q, long a, long oldestKept, long newestKept) {
        return new FacilityStock(q, a, countAsOf, foldedUpTo, oldestKept, newestKept, qohCountAsOf, atpCountAsOf);
    }

    private Applied applyCount(StockChange c, DeltaLog log) {
        if (c.occurredAt() <= countAsOf) {
            boolean qohLost = c.setQoh() != null && c.occurredAt() > qohCountAsOf;
            boolean atpLost = c.setAtp() != null && c.occurredAt() > atpCountAsOf;
            return new Applied(this, qohLost || atpLost ? Outcome.BEHIND_A_PARTIAL_COUNT : Outcome.SUPERSEDED);
        }
        if (c.occurredAt() < foldedUpTo) {
            return new Applied(this, Outcome.TOO_LATE);
        }
        long qohAfter = 0;
        long atpAfter = 0;
        for (Delta d : c.occurredAt() >= newest ? List.<Delta>of() : log.after(c.occurredAt())) {
            qohAfter += d.qohDiff();
            atpAfter += d.atpDiff();
        }
        long qohThen = qoh - qohAfter;
        long atpThen = atp - atpAfter;
        long counted = c.setQoh() != null ? c.setQoh() : qohThen;
        long countedAtp = c.setAtp() != null ? c.setAtp() : atpThen + (counted - qohThen);
        long left = oldest > c.occurredAt()
                ? oldest
                : log.removeBefore(c.occurredAt() + 1).oldestLeft();
        return new Applied(
                new FacilityStock(
                        counted + qohAfter,
                        countedAtp + atpAfter,
                        c.occurredAt(),
                        c.occurredAt(),
                        left,
                        newest,
                        c.setQoh() != null ? c.occurredAt() : qohCountAsOf,
                        c.setAtp() != null ? c.occurredAt() : atpCountAsOf),
                Outcome.APPLIED);
    }

    private FacilityStock fold(long horizonMillis, DeltaLog log) {
        if (oldest == Long.MAX_VALUE) {
            return this;
        }
        long cutoff = newest - horizonMillis;
        if (oldest >= cutoff) {
            return this;
        }
        Removed removed = log.removeBefore(cutoff);
        return new FacilityStock(
                qoh,
                atp,
                countAsOf,
                Math.max(foldedUpTo, removed.newestRemoved()),
                removed.oldestLeft(),
                newest,
                qohCountAsOf,
                atpCountAsOf);
    }
}
