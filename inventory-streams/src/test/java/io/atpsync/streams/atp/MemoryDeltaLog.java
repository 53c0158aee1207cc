package io.atpsync.streams.atp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link FacilityStock.DeltaLog} in a sorted map, summing deltas of the same millisecond as the store does. */
final class MemoryDeltaLog implements FacilityStock.DeltaLog {

    final TreeMap<Long, long[]> deltas = new TreeMap<>();

    @Override
    public void add(FacilityStock.Delta d) {
        long[] sum = deltas.computeIfAbsent(d.occurredAt(), t -> new long[2]);
        sum[0] += d.qohDiff();
        sum[1] += d.atpDiff();
    }

    /** As the store does it, without a lookup: it must never meet a millisecond already kept. */
    @Override
    public void append(FacilityStock.Delta d) {
        if (!deltas.isEmpty() && deltas.lastKey() >= d.occurredAt()) {
            throw new AssertionError(
                    "append at " + d.occurredAt() + " is not after every delta kept (last " + deltas.lastKey() + ")");
        }
        add(d);
    }

    @Override
    public List<FacilityStock.Delta> after(long t) {
        List<FacilityStock.Delta> after = new ArrayList<>();
        deltas.tailMap(t, false).forEach((at, d) -> after.add(new FacilityStock.Delta(at, d[0], d[1])));
        return after;
    }

    @Override
    public FacilityStock.Removed removeBefore(long t) {
        Map<Long, long[]> before = deltas.headMap(t, false);
        long newest =
                before.isEmpty() ? Long.MIN_VALUE : deltas.headMap(t, false).lastKey();
        before.clear();
        return new FacilityStock.Removed(newest, deltas.isEmpty() ? Long.MAX_VALUE : deltas.firstKey());
    }
}
