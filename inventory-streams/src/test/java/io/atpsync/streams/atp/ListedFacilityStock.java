package io.atpsync.streams.atp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The stock as it was kept before its deltas moved into a {@link FacilityStock.DeltaLog}: base plus the
 * deltas in a list inside the value. Kept in the tests as the reference the new state must agree with.
 */
record ListedFacilityStock(long baseQoh, long baseAtp, long countAsOf, long foldedUpTo, List<Delta> deltas) {

    /** A delta kept individually. */
    public record Delta(long occurredAt, long qohDiff, long atpDiff) {
    }

    /** What applying a change did. */
    public enum Outcome {
        /** The stock changed (or was confirmed by a count). */
        APPLIED,
        /** An older count or a delta before the last count: nothing changes, by design. */
        SUPERSEDED,
        /** A count older than the history horizon: it cannot be placed among the folded deltas. */
        TOO_LATE
    }

    /** The result of {@link #apply}. */
    public record Applied(ListedFacilityStock stock, Outcome outcome) {
    }

    static final ListedFacilityStock EMPTY = new ListedFacilityStock(0, 0, Long.MIN_VALUE, Long.MIN_VALUE, List.of());

    public ListedFacilityStock {
        deltas = List.copyOf(deltas);
    }

    public long qoh() {
        long q = baseQoh;
        for (Delta d : deltas) {
            q += d.qohDiff();
        }
        return q;
    }

    public long atp() {
        long a = baseAtp;
        for (Delta d : deltas) {
            a += d.atpDiff();
        }
        return a;
    }

    /** Applies {@code change}, then folds deltas older than {@code horizonMillis} before the newest one. */
    public Applied apply(StockChange change, long horizonMillis) {
        Applied applied = change.absolute() ? applyCount(change) : applyDelta(change);
        return new Applied(applied.stock().fold(horizonMillis), applied.outcome());
    }

    private Applied applyDelta(StockChange c) {
        if (c.occurredAt() <= countAsOf) {
            return new Applied(this, Outcome.SUPERSEDED);
        }
        if (c.occurredAt() <= foldedUpTo) {
            // Late but after the last count: its exact place among folded deltas no longer matters.
            return new Applied(new ListedFacilityStock(baseQoh + c.qohDiff(), baseAtp + c.atpDiff(), countAsOf, foldedUpTo, deltas),
                    Outcome.APPLIED);
        }
        List<Delta> next = new ArrayList<>(deltas.size() + 1);
        next.addAll(deltas);
        Delta d = new Delta(c.occurredAt(), c.qohDiff(), c.atpDiff());
        int at = Collections.binarySearch(next, d, (x, y) -> Long.compare(x.occurredAt(), y.occurredAt()));
        next.add(at < 0 ? -at - 1 : at + 1, d);
        return new Applied(new ListedFacilityStock(baseQoh, baseAtp, countAsOf, foldedUpTo, next), Outcome.APPLIED);
    }

    private Applied applyCount(StockChange c) {
        if (c.occurredAt() <= countAsOf) {
            return new Applied(this, Outcome.SUPERSEDED);
        }
        if (c.occurredAt() < foldedUpTo) {
            return new Applied(this, Outcome.TOO_LATE);
        }
        long qohThen = baseQoh;
        long atpThen = baseAtp;
        List<Delta> after = new ArrayList<>();
        for (Delta d : deltas) {
            if (d.occurredAt() <= c.occurredAt()) {
                qohThen += d.qohDiff();
                atpThen += d.atpDiff();
            } else {
                after.add(d);
            }
        }
        long qoh = c.setQoh() != null ? c.setQoh() : qohThen;
        long atp = c.setAtp() != null ? c.setAtp() : atpThen + (qoh - qohThen);
        return new Applied(new ListedFacilityStock(qoh, atp, c.occurredAt(), c.occurredAt(), after), Outcome.APPLIED);
    }

    private ListedFacilityStock fold(long horizonMillis) {
        if (deltas.isEmpty()) {
            return this;
        }
        long newest = deltas.get(deltas.size() - 1).occurredAt();
        long cutoff = newest - horizonMillis;
        if (deltas.get(0).occurredAt() >= cutoff) {
            return this;
        }
        long q = baseQoh;
        long a = baseAtp;
        long folded = foldedUpTo;
        List<Delta> kept = new ArrayList<>();
        for (Delta d : deltas) {
            if (d.occurredAt() < cutoff) {
                q += d.qohDiff();
                a += d.atpDiff();
                folded = Math.max(folded, d.occurredAt());
            } else {
                kept.add(d);
            }
        }
        return new ListedFacilityStock(q, a, countAsOf, folded, kept);
    }
}
