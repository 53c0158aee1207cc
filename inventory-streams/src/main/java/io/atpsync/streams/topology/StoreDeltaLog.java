package io.atpsync.streams.topology;

import io.atpsync.streams.atp.FacilityStock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One position's deltas in the {@link AtpStores#POSITION_DELTAS} store: key {@code sku|facilityId|T}, T the event time
 * as 16 hex digits of {@code time ^ Long.MIN_VALUE}, so that the store's byte order is time order (negative times
 * included). Deltas of the same millisecond are summed.
 */
final class StoreDeltaLog implements FacilityStock.DeltaLog {

    private final KeyValueStore<String, long[]> store;
    private final String prefix;

    StoreDeltaLog(KeyValueStore<String, long[]> store, String sku, String facilityId) {
        this.store = store;
        this.prefix = AtpStores.key(sku, facilityId) + "|";
    }

    static String time(long t) {
        String hex = Long.toHexString(t ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }

    static long time(String key) {
        return Long.parseUnsignedLong(key.substring(key.length() - 16), 16) ^ Long.MIN_VALUE;
    }

    @Override
    public void add(FacilityStock.Delta d) {
        String key = prefix + time(d.occurredAt());
        long[] sum = store.get(key);
        store.put(
                key,
                sum == null
                        ? new long[] {d.qohDiff(), d.atpDiff()}
                        : new long[] {sum[0] + d.qohDiff(), sum[1] + d.atpDiff()});
    }

    @Override
    public void append(FacilityStock.Delta d) {
        store.put(prefix + time(d.occurredAt()), new long[] {d.qohDiff(), d.atpDiff()});
    }

    @Override
    public List<FacilityStock.Delta> after(long t) {
        List<FacilityStock.Delta> after = new ArrayList<>();
        if (t == Long.MAX_VALUE) {
            return after;
        }
        try (KeyValueIterator<String, long[]> it = store.range(prefix + time(t + 1), prefix + time(Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> after.add(new FacilityStock.Delta(time(kv.key), kv.value[0], kv.value[1])));
        }
        return after;
    }

    @Override
    public FacilityStock.Removed removeBefore(long t) {
        List<String> gone = new ArrayList<>();
        long newestRemoved = Long.MIN_VALUE;
        long oldestLeft = Long.MAX_VALUE;
        try (KeyValueIterator<String, long[]> it =
                store.range(prefix + time(Long.MIN_VALUE), prefix + time(Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<String, long[]> kv = it.next();
                long at = time(kv.key);
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
