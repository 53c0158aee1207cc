package io.atpsync.streams.topology;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.hardsync.HardSyncCut;
import io.atpsync.streams.hardsync.HardSyncStatus;
import io.atpsync.streams.ops.Metrics;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.StoreKeys.HardSyncTask;
import io.atpsync.streams.state.StoreKeys.HeldVariance;
import io.atpsync.streams.state.StoreKeys.ShopKey;
import io.atpsync.streams.state.StoreKeys.SkuAtLocation;
import io.atpsync.streams.variance.ShopifyReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns online ATP changes into what Shopify must receive: variances summed per (location, item) in wall-clock tumbling
 * windows ({@link VarianceWindows}), pushed as {@link AdjustmentBatch}es when a window closes; compare-mode targets;
 * hard-sync cuts ({@link HardSyncCut}). Batch ids come from committed state only ({@link PushState}).
 */
public final class ShopifyPushProcessor implements Processor<String, PushInput, String, AdjustmentBatch> {

    /** The push-state key of the end of the last window pushed. */
    public static final String FLUSHED_UP_TO = PushState.FLUSHED_UP_TO;

    private final Settings settings;
    private final long interval;
    private ProcessorContext<String, AdjustmentBatch> context;
    private PushState state;
    private VarianceWindows variances;
    private CatalogStore catalog;
    private PendingOrders pending;
    private KeyValueStore<HardSyncTask, HardSyncStatus> hardSyncs;
    private KeyValueStore<SkuAtLocation, OnlineAtp> online;
    private KeyValueStore<String, MappingState> mappings;
    private KitUses kitUses;
    private long lastExpiry;
    private Sensor heldSensor;
    private BatchEmitter emitter;

    ShopifyPushProcessor(Settings settings) {
        this.settings = settings;
        this.interval = settings.flushInterval().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, AdjustmentBatch> context) {
        this.context = context;
        state = new PushState(context);
        variances = new VarianceWindows(
                context, state, interval, settings.adjustmentHistory().toMillis());
        catalog = new CatalogStore(context);
        pending = new PendingOrders(context, variances);
        hardSyncs = context.getStateStore(AtpStores.HARD_SYNCS);
        online = context.getStateStore(AtpStores.ONLINE);
        mappings = context.getStateStore(AtpStores.MAPPINGS);
        kitUses = new KitUses(context.getStateStore(AtpStores.KITS));
        heldSensor = Metrics.held(context);
        emitter = new BatchEmitter(
                context, settings, state, Metrics.batches(context), Metrics.batchEventAge(context), this::onHand);
        // Wall-clock: a window is pushed when it closes even if no record arrives on this partition.
        context.schedule(
                Duration.ofMillis(Math.max(100, Math.min(1000, interval / 5))),
                PunctuationType.WALL_CLOCK_TIME,
                this::flush);
    }

    @Override
    public void process(Record<String, PushInput> record) {
        record.value().to(handler, context.currentSystemTimeMs());
    }

    /** Each input to its operation. */
    private final PushInput.Handler handler = new PushInput.Handler() {
        @Override
        public void variance(VarianceChange v, long now) {
            variances.add(v.shop(), v.shopifyLocationId(), v.reason(), v.sku(), v.units(), now);
        }

        @Override
        public void reservation(ReservationSeen seen, long now) {
            pending.reservation(seen, now);
        }

        @Override
        public void order(ShopifyOrder order, long now) {
            pending.order(order, now);
        }

        @Override
        public void catalogued(CatalogItem item, long now) {
            onCatalog(item, now);
        }

        @Override
        public void hardSync(HardSyncRequest request, long now) {
            // No grace for orders in flight: the sink reads Shopify's open fulfillment orders when it writes.
            ShopifyPushProcessor.this.hardSync(request, now);
        }

        @Override
        public void rebuildCaughtUp(long now) {
            // Rebuilt from history without pushing it again: now set Shopify to what the rebuild computed.
            Set<String> shops = new TreeSet<>();
            try (KeyValueIterator<SkuAtLocation, OnlineAtp> it = online.all()) {
                it.forEachRemaining(kv -> shops.add(kv.value.getShop()));
            }
            for (String shop : shops) {
                ShopifyPushProcessor.this.hardSync(
                        new HardSyncRequest(
                                "rebuild-e" + settings.epoch() + "-" + shop,
                                shop,
                                List.of(),
                                List.of(),
                                Instant.ofEpochMilli(now),
                                "rebuild"),
                        now);
            }
        }
    };

    private void onCatalog(CatalogItem c, long now) {
        String before = catalog.put(c.getShop(), c.getSku(), c.getInventoryItemId());
        if (before != null && !before.equals(c.getInventoryItemId())) {
            // A new inventory item for the SKU: its Shopify levels are not the old item's, so no delta applies to them;
            // the SKU is set (order-aware) at every location of the shop.
            hardSync(
                    new HardSyncRequest(
                            "item-change:" + c.getShop() + ":" + c.getSku() + "@" + now,
                            c.getShop(),
                            List.of(),
                            List.of(c.getSku()),
                            Instant.ofEpochMilli(now),
                            "catalog item change"),
                    now);
            return;
        }
        for (KeyValue<HeldVariance, Long> kv : catalog.release(c.getShop(), c.getSku())) {
            variances.add(c.getShop(), kv.key.location(), kv.key.reason(), c.getSku(), kv.value, now);
        }
    }

    /** Pushes every window that closed by {@code now}. */
    private void flush(long now) {
        long closedBefore = now - Math.floorMod(now, interval);
        Long flushed = state.flushedUpTo();
        long from =
                flushed == null ? closedBefore - settings.adjustmentHistory().toMillis() : flushed;
        if (from >= closedBefore) {
            return;
        }
        variances
                .closed(from, closedBefore)
                .forEach(
                        (windowStart, groups) -> groups.forEach((group, skus) -> pushWindow(group, skus, windowStart)));
        state.flushedUpTo(closedBefore);
        if (now - lastExpiry > Duration.ofHours(1).toMillis()) {
            pending.expire(now);
            lastExpiry = now;
        }
    }

    private void pushWindow(VarianceWindows.Group group, Map<String, Long> skus, long windowStart) {
        String shop = group.shop();
        String location = group.location();
        boolean compare = settings.compare(location);
        List<AdjustmentChange> changes = new ArrayList<>();
        for (Map.Entry<String, Long> e : skus.entrySet()) {
            String item = catalog.item(shop, e.getKey());
            if (item == null) {
                catalog.hold(shop, e.getKey(), location, group.reason(), e.getValue());
                heldSensor.record();
                continue;
            }
            changes.add(
                    compare
                            ? orderAware(location, e.getKey(), item, false)
                            : new AdjustmentChange(item, e.getKey(), e.getValue(), null, List.of(), List.of()));
        }
        emitter.emit(
                shop,
                location,
                compare ? AdjustmentKind.SET : AdjustmentKind.ADJUST,
                compare ? ShopifyReason.CORRECTION : group.reason(),
                changes,
                windowStart,
                windowStart + interval,
                null);
    }

    /**
     * The cut ({@link HardSyncCut}): this task's keys in scope get order-aware SET targets instead of their variances.
     */
    private void hardSync(HardSyncRequest h, long now) {
        if (hardSyncs.get(new HardSyncTask(h.getRequestId(), context.taskId().partition())) != null) {
            return; // cut already: a request published twice (a reconciliation slot by two instances) is cut once
        }
        String shop = h.getShop();
        List<String> shopLocations = new ArrayList<>();
        try (KeyValueIterator<String, MappingState> it = mappings.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.shop().equals(shop)) {
                    shopLocations.add(kv.key);
                }
            });
        }
        HardSyncCut cut =
                new HardSyncCut(new HardSyncCut.Scope(shop, h.getShopifyLocationIds(), h.getSkus()), shopLocations);
        try (KeyValueIterator<SkuAtLocation, OnlineAtp> it = online.all()) {
            while (it.hasNext()) {
                OnlineAtp a = it.next().value;
                if (a.getShop().equals(shop)) {
                    cut.online(a.getShop(), a.getShopifyLocationId(), a.getSku(), catalog.item(shop, a.getSku()));
                }
            }
        }
        catalog.itemsOf(shop).forEach(cut::catalogued);
        variances.drop(
                cut.targets().stream()
                        .map(t -> new ShopKey(t.sku(), shop, t.location()))
                        .collect(Collectors.toSet()),
                now);
        cut.byLocationInScope()
                .forEach((location, targets) -> emitter.cut(
                        shop,
                        location,
                        targets.stream()
                                .map(t -> orderAware(location, t.sku(), t.inventoryItemId(), true))
                                .toList(),
                        Math.min(now, h.getRequestedAt().toEpochMilli()),
                        now,
                        h.getRequestId())); // a SET's window: request to cut
        hardSyncs.put(
                new HardSyncTask(h.getRequestId(), context.taskId().partition()),
                cut.status(Instant.ofEpochMilli(now)));
    }

    private AdjustmentChange orderAware(String location, String sku, String item, boolean cutting) {
        OnlineAtp a = online.get(new SkuAtLocation(sku, location));
        long value = a == null ? 0 : a.getOnlineAtp();
        if (onHand(location)) { // Shopify subtracts its own committed orders from on_hand: nothing to take off
            return new AdjustmentChange(item, sku, Math.max(0, value), value, List.of(), List.of());
        }
        AdjustmentChange change = pending.orderAware(location, sku, item, value, cutting);
        change.setPartOfKits(kitUses.of(sku, context.currentSystemTimeMs()));
        return change;
    }

    /** Whether {@code location} publishes on hand ({@link MappingState#onHand}). */
    private boolean onHand(String location) {
        MappingState m = mappings.get(location);
        return m != null && m.onHand();
    }
}
