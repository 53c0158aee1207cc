package io.atpsync.streams.topology;

import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.CatalogEntry;
import io.atpsync.streams.state.StoreKeys.HeldVariance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** SKU → Shopify inventory item per shop, and the variances held until the catalogue knows their SKU. */
final class CatalogStore {

    private final KeyValueStore<CatalogEntry, String> catalog;
    private final KeyValueStore<HeldVariance, Long> held;

    CatalogStore(ProcessorContext<?, ?> context) {
        catalog = context.getStateStore(AtpStores.CATALOG);
        held = context.getStateStore(AtpStores.HELD);
    }

    /** The SKU's inventory item gid at the shop, or null when the catalogue does not know it. */
    String item(String shop, String sku) {
        return catalog.get(new CatalogEntry(shop, sku));
    }

    /** Records the SKU's inventory item; returns the one it had before, or null. */
    String put(String shop, String sku, String inventoryItemId) {
        CatalogEntry key = new CatalogEntry(shop, sku);
        String before = catalog.get(key);
        catalog.put(key, inventoryItemId);
        return before;
    }

    /** SKU → inventory item of every SKU the shop's catalogue holds. */
    Map<String, String> itemsOf(String shop) {
        Map<String, String> items = new LinkedHashMap<>();
        try (KeyValueIterator<CatalogEntry, String> it = catalog.prefixScan(List.of(shop), StoreKeys.leading())) {
            it.forEachRemaining(kv -> items.put(kv.key.sku(), kv.value));
        }
        return items;
    }

    /** Holds a variance of a SKU the catalogue does not know yet. */
    void hold(String shop, String sku, String location, String reason, long units) {
        HeldVariance key = new HeldVariance(shop, sku, location, reason);
        Long before = held.get(key);
        held.put(key, (before == null ? 0 : before) + units);
    }

    /** The variances held for the SKU, removed from the store. */
    List<KeyValue<HeldVariance, Long>> release(String shop, String sku) {
        List<KeyValue<HeldVariance, Long>> release = new ArrayList<>();
        try (KeyValueIterator<HeldVariance, Long> it = held.prefixScan(List.of(shop, sku), StoreKeys.leading())) {
            it.forEachRemaining(release::add);
        }
        release.forEach(kv -> held.delete(kv.key));
        return release;
    }
}
