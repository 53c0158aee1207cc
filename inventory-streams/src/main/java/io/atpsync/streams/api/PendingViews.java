package io.atpsync.streams.api;

import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.PendingLine;
import io.atpsync.streams.variance.PendingOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** What the pending-orders store says about a SKU at a location, for the explain and targets views. */
final class PendingViews {

    private PendingViews() {}

    /**
     * The Shopify orders the OMS has reserved (or reserved and released) for a SKU at a location, as a hard sync's cut
     * sends them: an audit subtracts the open fulfillment-order units at the location that are not among them.
     */
    static List<Map<String, Object>> reservedOrders(
            ReadOnlyKeyValueStore<PendingLine, PendingOrder> pending, String sku, String location) {
        List<Map<String, Object>> orders = new ArrayList<>();
        try (KeyValueIterator<PendingLine, PendingOrder> p = pending.prefixScan(List.of(sku), StoreKeys.leading())) {
            while (p.hasNext()) {
                var kv = p.next();
                var held = kv.value.accountedAt(location);
                if (held.isPresent()) {
                    Map<String, Object> o = new java.util.LinkedHashMap<>();
                    o.put("shopifyOrderId", kv.key.orderId());
                    o.put("reserved", Math.max(0, held.get().reserved()));
                    o.put("released", held.get().released());
                    o.put("shopifyLocationId", location);
                    // cancelled on Shopify with restock, not yet released: back in Shopify's count, not yet in online
                    // ATP
                    o.put("restockedNotReleased", kv.value.restockedNotReleasedAt(location));
                    orders.add(o);
                }
            }
        }
        return orders;
    }
    /** Units of Shopify orders for {@code sku} at {@code location} that the OMS has not reserved yet. */
    static long pendingUnits(ReadOnlyKeyValueStore<PendingLine, PendingOrder> pending, String sku, String location) {
        long units = 0;
        try (KeyValueIterator<PendingLine, PendingOrder> p = pending.prefixScan(List.of(sku), StoreKeys.leading())) {
            while (p.hasNext()) {
                var o = p.next().value;
                if (java.util.Objects.equals(location, o.shopifyLocationId())) {
                    units += o.pending();
                }
            }
        }
        return units;
    }
}
