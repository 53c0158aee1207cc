package io.atpsync.streams.topology;

import io.atpsync.schemas.KitUse;
import io.atpsync.streams.atp.KitAtp.Component;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * For the push processor's SET targets: the kits a SKU is a component of, from the broadcast kit definitions (read
 * again at most once a second: the online ATP processor keeps them), so the sink can count a kit's open orders as
 * pending for its components.
 */
final class KitUses {

    private static final long REFRESH_MILLIS = 1_000;

    private final KeyValueStore<String, String> kits;
    private Map<String, List<KitUse>> bySku = Map.of();
    private long readAt = Long.MIN_VALUE;

    KitUses(KeyValueStore<String, String> kits) {
        this.kits = kits;
    }

    /** The kits {@code sku} is part of, with its quantity in each. */
    List<KitUse> of(String sku, long now) {
        if (readAt == Long.MIN_VALUE || now - readAt >= REFRESH_MILLIS) {
            Map<String, List<KitUse>> index = new HashMap<>();
            try (KeyValueIterator<String, String> all = kits.all()) {
                all.forEachRemaining(kv -> {
                    for (Component c : KitIndex.decode(kv.value)) {
                        index.computeIfAbsent(c.sku(), s -> new ArrayList<>()).add(new KitUse(kv.key, c.quantity()));
                    }
                });
            }
            bySku = index;
            readAt = now;
        }
        return bySku.getOrDefault(sku, List.of());
    }
}
