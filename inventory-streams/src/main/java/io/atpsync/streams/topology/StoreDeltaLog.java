package io.atpsync.streams.topology;

import io.atpsync.streams.atp.FacilityStock;
import io.atpsync.streams.state.StoreKeys.PositionDelta;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One position's deltas in the {@link AtpStores#POSITION_DELTAS} store, one key per millisecond of event time (its byte
 * order is time order: {@link PositionDelta}). Deltas of the same millisecond are summed.
 */
final class StoreDeltaLog implements FacilityStock.DeltaLog {

    private final KeyValueStore<PositionDelta, long[]> store;
    private final String sku;
    private final String facilityId;

    StoreDeltaLog(KeyValueStore<PositionDelta, long[]> store, String sku, String facilityId) {
        this.store = store;
        this.sku = sku;
        this.facilityId = facilityId;
    }

    private PositionDelta at(long t) {
        return new PositionDelta(sku, facilityId, t);
    }

    @Override
    public void add(FacilityStock.Delta d) {
        PositionDelta key = at(d.occurredAt());
        long[] sum = store.get(key);
        store.put(
                key,
                sum == null
                        ? new long[] {d.qohDiff(), d.atpDiff()}
                        : new long[] {sum[0] + d.qohDiff(), sum[1] + d.atpDiff()});
    }

    @Override
    public void append(FacilityStock.Delta d) {
        store.put(at(d.occurredAt()), new long[] {d.qohDiff(), d.atpDiff()});
    }

    @Override
    public List<FacilityStock.Delta> after(long t) {
        List<FacilityStock.Delta> after = new ArrayList<>();
        if (t == Long.MAX_VALUE) {
            return after;
        }
        try (KeyValueIterator<PositionDelta, long[]> it = store.range(at(t + 1), at(Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> after.add(new FacilityStock.Delta(kv.key.time(), kv.value[0], kv.value[1])));
        }
        return after;
    }

    @Override
    public FacilityStock.Removed removeBefore(long t) {
        List<PositionDelta> gone = new ArrayList<>();
        long newestRemoved = Long.MIN_VALUE;
        long oldestLeft = Long.MAX_VALUE;
        try (KeyValueIterator<PositionDelta, long[]> it = store.range(at(Long.MIN_VALUE), at(Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<PositionDelta, long[]> kv = it.next();
                long at = kv.key.time();
                if (at >= t) {
                    oldestLeft = at;
                    break;
                }
                gone.add(kv.key);
                newestRemoved = at;
            }
        }
        gone.forEach(store::delete);
        return new FacilityStock.Removed(newestRemoved, oldestLeft);
    }
}
