package io.atpsync.streams.topology;

import io.atpsync.streams.state.StoreKeys.ShopKey;
import io.atpsync.streams.state.StoreKeys.Variance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Variances summed per (SKU, shop, location, reason) in wall-clock tumbling windows of the flush interval, until the
 * push processor pushes a closed window; kept for the adjustment history after that.
 */
final class VarianceWindows {

    /** The variances of one batch: a window's SKUs for one (shop, location, reason). */
    record Group(String shop, String location, String reason) {
        static final Comparator<Group> ORDER =
                Comparator.comparing(Group::shop).thenComparing(Group::location).thenComparing(Group::reason);
    }

    private final WindowStore<Variance, Long> store;
    private final PushState state;
    private final long interval;
    private final long historyMillis;

    VarianceWindows(ProcessorContext<?, ?> context, PushState state, long interval, long historyMillis) {
        this.store = context.getStateStore(AtpStores.VARIANCES);
        this.state = state;
        this.interval = interval;
        this.historyMillis = historyMillis;
    }

    void add(String shop, String location, String reason, String sku, long units, long now) {
        // Never into a window already pushed: this instance's clock may be behind the one that flushed it (a task
        // moved to another machine, NTP stepping back), and such a variance would never reach Shopify.
        Long flushed = state.flushedUpTo();
        long window = Math.max(now - Math.floorMod(now, interval), flushed == null ? Long.MIN_VALUE : flushed);
        Variance key = new Variance(sku, shop, location, reason);
        Long sum = store.fetch(key, window);
        store.put(key, (sum == null ? 0 : sum) + units, window);
    }

    /** Window start → group → SKU → units, of the windows in [from, closedBefore), in a stable order. */
    TreeMap<Long, Map<Group, Map<String, Long>>> closed(long from, long closedBefore) {
        TreeMap<Long, Map<Group, Map<String, Long>>> windows = new TreeMap<>();
        try (KeyValueIterator<Windowed<Variance>, Long> it =
                store.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(closedBefore - 1))) {
            it.forEachRemaining(kv -> {
                if (kv.value == null || kv.value == 0) {
                    return;
                }
                Variance v = kv.key.key();
                windows.computeIfAbsent(kv.key.window().start(), w -> new TreeMap<>(Group.ORDER))
                        .computeIfAbsent(new Group(v.shop(), v.location(), v.reason()), g -> new TreeMap<>())
                        .put(v.sku(), kv.value);
            });
        }
        return windows;
    }

    /** The cut: variances of {@code keys} buffered in windows not pushed yet are dropped (a SET replaces them). */
    void drop(Set<ShopKey> keys, long now) {
        if (keys.isEmpty()) {
            return;
        }
        Long flushed = state.flushedUpTo();
        long from = flushed == null ? now - historyMillis : flushed;
        List<Windowed<Variance>> drop = new ArrayList<>();
        try (KeyValueIterator<Windowed<Variance>, Long> it =
                store.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(now))) {
            it.forEachRemaining(kv -> {
                if (keys.contains(kv.key.key().key())) {
                    drop.add(kv.key);
                }
            });
        }
        drop.forEach(w -> store.put(w.key(), null, w.window().start()));
    }
}
