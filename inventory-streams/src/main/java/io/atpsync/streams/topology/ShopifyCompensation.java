package io.atpsync.streams.topology;

import io.atpsync.schemas.InventoryEvent;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.OrphanCompensation;
import io.atpsync.streams.variance.ShopifyOrderIds;
import io.atpsync.streams.variance.VarianceRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a SHOPIFY-channel reservation sends besides its change of online ATP: the compensation for the units Shopify
 * already took ({@link VarianceRule#compensation}), and which Shopify order the OMS has reserved, so a hard sync does
 * not subtract it a second time. A compensation for a location whose mapping has not reached this task waits in the
 * orphan store until it does.
 */
final class ShopifyCompensation {

    private final ProcessorContext<String, Object> context;
    private final LocationIndex locations;
    private final KeyValueStore<OrphanCompensation, Long> orphans;

    ShopifyCompensation(ProcessorContext<String, Object> context, LocationIndex locations) {
        this.context = context;
        this.locations = locations;
        orphans = context.getStateStore(AtpStores.ORPHAN_COMPENSATIONS);
    }

    void compensate(long timestamp, InventoryEvent e, String reason, boolean pushing) {
        MappingState at = e.getShopifyLocationId() == null ? null : locations.mapping(e.getShopifyLocationId());
        VarianceRule.compensation(e, pushing, at != null && at.onHand()).ifPresent(c -> {
            MappingState mapping = locations.mapping(c.shopifyLocationId());
            if (mapping == null) {
                // The location's mapping has not reached this task yet (config and events race): keep the
                // compensation until it does, rather than lose it or push it for no shop.
                OrphanCompensation key = new OrphanCompensation(c.shopifyLocationId(), e.getSku(), reason);
                Long before = orphans.get(key);
                orphans.put(key, (before == null ? 0 : before) + c.units());
            } else {
                context.forward(new Record<String, Object>(
                        e.getSku(),
                        new VarianceChange(mapping.shop(), c.shopifyLocationId(), e.getSku(), c.units(), reason),
                        timestamp));
            }
        });
        String shopifyOrder =
                ShopifyOrderIds.normalize(e.getShopifyOrderId() != null ? e.getShopifyOrderId() : e.getOrderId());
        if (VarianceRule.shopifyReservation(e) && shopifyOrder != null) {
            MappingState mapping =
                    e.getShopifyLocationId() == null ? null : locations.mapping(e.getShopifyLocationId());
            context.forward(new Record<String, Object>(
                    e.getSku(),
                    new ReservationSeen(
                            e.getSku(),
                            shopifyOrder,
                            mapping == null ? null : mapping.shop(),
                            e.getShopifyLocationId(),
                            -e.getAtpDiff()),
                    timestamp));
        }
    }

    /** The mapping of {@code location} has arrived: its waiting compensations go out for {@code shop}. */
    void release(long timestamp, String location, String shop) {
        List<KeyValue<OrphanCompensation, Long>> found = new ArrayList<>();
        try (KeyValueIterator<OrphanCompensation, Long> it =
                orphans.prefixScan(List.of(location), StoreKeys.leading())) {
            it.forEachRemaining(found::add);
        }
        for (KeyValue<OrphanCompensation, Long> kv : found) {
            OrphanCompensation o = kv.key;
            context.forward(new Record<String, Object>(
                    o.sku(), new VarianceChange(shop, location, o.sku(), kv.value, o.reason()), timestamp));
            orphans.delete(o);
        }
    }
}
