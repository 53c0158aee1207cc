package io.atpsync.streams.topology;

import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.ReservedOrder;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderLine;
import io.atpsync.schemas.ShopifyOrderStatus;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.PendingLine;
import io.atpsync.streams.variance.Batches;
import io.atpsync.streams.variance.PendingOrder;
import io.atpsync.streams.variance.ShopifyReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Shopify orders by SKU as the OMS catches up with them ({@link PendingOrder}): what Shopify counted that online ATP
 * does not hold yet, which orders the OMS has reserved, and the corrections a cancel without restock calls for.
 */
final class PendingOrders {

    private static final Duration EXPIRY = Duration.ofDays(7);

    private final KeyValueStore<PendingLine, PendingOrder> pending;
    private final VarianceWindows variances;

    PendingOrders(ProcessorContext<?, ?> context, VarianceWindows variances) {
        this.pending = context.getStateStore(AtpStores.PENDING);
        this.variances = variances;
    }

    void reservation(ReservationSeen r, long now) {
        PendingLine key = new PendingLine(r.sku(), r.orderId());
        PendingOrder p = pending.get(key);
        PendingOrder before = p == null ? PendingOrder.none(r.shopifyLocationId(), now) : p;
        boolean undoNow = r.units() < 0 && before.cancelled() && !before.restockedOnShopify() && r.shop() != null;
        pending.put(key, before.reserved(r.units(), r.shopifyLocationId(), now, undoNow));
        if (undoNow) {
            // Released after a cancel without restock: Shopify did not put the units back, so the release's
            // compensation (as if it had) is undone and online ATP's rise reaches Shopify.
            variances.add(r.shop(), r.shopifyLocationId(), ShopifyReason.CORRECTION, r.sku(), -r.units(), now);
        }
    }

    void order(ShopifyOrder o, long now) {
        for (ShopifyOrderLine line : o.getLines()) {
            PendingLine key = new PendingLine(line.getSku(), o.getOrderId());
            PendingOrder p = pending.get(key);
            PendingOrder current = p == null ? PendingOrder.none(line.getShopifyLocationId(), now) : p;
            if (o.getStatus() != ShopifyOrderStatus.CANCELLED) {
                pending.put(key, current.ordered(line.getQuantity(), line.getShopifyLocationId(), now));
                continue;
            }
            PendingOrder next = current.cancelled() ? current : current.cancelled(o.getRestock(), now);
            if (!current.cancelled()
                    && !next.restockedOnShopify()
                    && next.undoable() > 0
                    && next.shopifyLocationId() != null) {
                // The OMS released before the cancel said "no restock": undo those releases' compensation (unless a
                // hard sync has set the level from Shopify's own count since).
                variances.add(
                        o.getShop(),
                        next.shopifyLocationId(),
                        ShopifyReason.CORRECTION,
                        line.getSku(),
                        next.undoable(),
                        now);
                next = next.nothingToUndo();
            }
            pending.put(key, next);
        }
    }

    /**
     * An order-aware SET change: online ATP and the Shopify orders the OMS has reserved for the SKU (those Shopify
     * cancelled with restock, by their webhook, marked). The sink subtracts the open fulfillment-order units at the
     * location that are not among them, read from Shopify as it writes, so no order is overwritten whether its webhook
     * arrived or not. {@code quantity} is the target as this task knows it (for views and old readers). At a hard
     * sync's cut ({@code cutting}) the SET takes Shopify's count as it is, so the location's orders are left with no
     * release compensation to undo.
     */
    AdjustmentChange orderAware(String location, String sku, String item, long atp, boolean cutting) {
        long pendingUnits = 0;
        List<ReservedOrder> reserved = new ArrayList<>();
        List<KeyValue<PendingLine, PendingOrder>> synced = new ArrayList<>();
        try (KeyValueIterator<PendingLine, PendingOrder> it = pending.prefixScan(List.of(sku), StoreKeys.leading())) {
            while (it.hasNext()) {
                KeyValue<PendingLine, PendingOrder> kv = it.next();
                PendingOrder o = kv.value;
                boolean here = location.equals(o.shopifyLocationId());
                if (here) {
                    pendingUnits += o.pending();
                }
                // What the OMS holds for the order at this location only: a part Shopify split to another location and
                // the OMS reserved there must not hide an unreserved part here.
                o.accountedAt(location)
                        .ifPresent(h -> reserved.add(new ReservedOrder(
                                kv.key.orderId(),
                                Math.max(0, h.reserved()),
                                o.restockedNotReleasedAt(location) > 0,
                                h.released(),
                                location)));
                if (cutting && here && o.undoable() > 0) {
                    synced.add(kv);
                }
            }
        }
        synced.forEach(kv -> pending.put(kv.key, kv.value.nothingToUndo()));
        return new AdjustmentChange(
                item, sku, Batches.settable(Batches.target(atp, pendingUnits)), atp, reserved, List.of());
    }

    /** Forgets orders not changed for {@link #EXPIRY}. */
    void expire(long now) {
        List<PendingLine> expired = new ArrayList<>();
        try (KeyValueIterator<PendingLine, PendingOrder> it = pending.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.updatedAt() < now - EXPIRY.toMillis()) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(pending::delete);
    }
}
