package io.atpsync.streams.topology;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ReservedOrder;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderLine;
import io.atpsync.schemas.ShopifyOrderStatus;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.hardsync.HardSyncCut;
import io.atpsync.streams.ops.Metrics;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.variance.Batches;
import io.atpsync.streams.variance.PendingOrder;
import io.atpsync.streams.variance.ShopifyReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Turns online ATP changes into what Shopify must receive: variances summed per (location, item) in wall-clock tumbling
 * windows, pushed as {@link AdjustmentBatch}es when a window closes; compare-mode targets; hard-sync cuts. Batch ids
 * come from committed state only (a sequence in a store).
 */
public final class ShopifyPushProcessor implements Processor<String, Object, String, AdjustmentBatch> {

    private static final StringSerializer KEYS = new StringSerializer();
    private static final String SEQ = "seq";
    public static final String FLUSHED_UP_TO = "flushed-up-to";
    private static final Duration PENDING_EXPIRY = Duration.ofDays(7);

    private final Settings settings;
    private final long interval;
    private ProcessorContext<String, AdjustmentBatch> context;
    private WindowStore<String, Long> variances;
    private KeyValueStore<String, String> catalog;
    private KeyValueStore<String, Long> held;
    private KeyValueStore<String, PendingOrder> pending;
    private KeyValueStore<String, Long> state;
    private KeyValueStore<String, String> hardSyncs;
    private KeyValueStore<String, OnlineAtp> online;
    private KeyValueStore<String, MappingState> mappings;
    private long lastExpiry;
    private org.apache.kafka.common.metrics.Sensor heldSensor;
    private org.apache.kafka.common.metrics.Sensor batchSensor;
    private org.apache.kafka.common.metrics.Sensor ageSensor;

    ShopifyPushProcessor(Settings settings) {
        this.settings = settings;
        this.interval = settings.flushInterval().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, AdjustmentBatch> context) {
        this.context = context;
        variances = context.getStateStore(AtpStores.VARIANCES);
        catalog = context.getStateStore(AtpStores.CATALOG);
        held = context.getStateStore(AtpStores.HELD);
        pending = context.getStateStore(AtpStores.PENDING);
        state = context.getStateStore(AtpStores.PUSH_STATE);
        hardSyncs = context.getStateStore(AtpStores.HARD_SYNCS);
        online = context.getStateStore(AtpStores.ONLINE);
        mappings = context.getStateStore(AtpStores.MAPPINGS);
        heldSensor = Metrics.held(context);
        batchSensor = Metrics.batches(context);
        ageSensor = Metrics.batchEventAge(context);
        // Wall-clock: a window is pushed when it closes even if no record arrives on this partition.
        context.schedule(
                Duration.ofMillis(Math.max(100, Math.min(1000, interval / 5))),
                PunctuationType.WALL_CLOCK_TIME,
                this::flush);
    }

    @Override
    public void process(Record<String, Object> record) {
        if (!(record.value() instanceof PushInput input)) {
            throw new IllegalArgumentException("not an input of the push processor: " + record.value());
        }
        input.to(handler, context.currentSystemTimeMs());
    }

    /** Each input to its operation. */
    private final PushInput.Handler handler = new PushInput.Handler() {
        @Override
        public void variance(VarianceChange v, long now) {
            addVariance(v.shop(), v.shopifyLocationId(), v.reason(), v.sku(), v.units(), now);
        }

        @Override
        public void reservation(ReservationSeen seen, long now) {
            onReservation(seen, now);
        }

        @Override
        public void order(ShopifyOrder order, long now) {
            onOrder(order, now);
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
            java.util.Set<String> shops = new java.util.TreeSet<>();
            try (KeyValueIterator<String, OnlineAtp> it = online.all()) {
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

    private void addVariance(String shop, String location, String reason, String sku, long units, long now) {
        // Never into a window already pushed: this instance's clock may be behind the one that flushed it (a task
        // moved to another machine, NTP stepping back), and such a variance would never reach Shopify.
        Long flushed = state.get(FLUSHED_UP_TO);
        long window = Math.max(now - Math.floorMod(now, interval), flushed == null ? Long.MIN_VALUE : flushed);
        String key = AtpStores.key(sku, shop, location, reason);
        Long sum = variances.fetch(key, window);
        variances.put(key, (sum == null ? 0 : sum) + units, window);
    }

    private void onReservation(ReservationSeen r, long now) {
        String key = AtpStores.key(r.sku(), r.orderId());
        PendingOrder p = pending.get(key);
        PendingOrder before = p == null ? PendingOrder.none(r.shopifyLocationId(), now) : p;
        boolean undoNow = r.units() < 0 && before.cancelled() && !before.restockedOnShopify() && r.shop() != null;
        PendingOrder next = before.reserved(r.units(), r.shopifyLocationId(), now, undoNow);
        pending.put(key, next);
        if (undoNow) {
            // Released after a cancel without restock: Shopify did not put the units back, so the release's
            // compensation (as if it had) is undone and online ATP's rise reaches Shopify.
            addVariance(r.shop(), r.shopifyLocationId(), ShopifyReason.CORRECTION, r.sku(), -r.units(), now);
        }
    }

    private void onOrder(ShopifyOrder o, long now) {
        for (ShopifyOrderLine line : o.getLines()) {
            String key = AtpStores.key(line.getSku(), o.getOrderId());
            PendingOrder p = pending.get(key);
            PendingOrder current = p == null ? PendingOrder.none(line.getShopifyLocationId(), now) : p;
            if (o.getStatus() == ShopifyOrderStatus.CANCELLED) {
                PendingOrder next = current.cancelled() ? current : current.cancelled(o.getRestock(), now);
                if (!current.cancelled()
                        && !next.restockedOnShopify()
                        && next.undoable() > 0
                        && next.shopifyLocationId() != null) {
                    // The OMS released before the cancel said "no restock": undo those releases' compensation (unless a
                    // hard sync has set the level from Shopify's own count since).
                    addVariance(
                            o.getShop(),
                            next.shopifyLocationId(),
                            ShopifyReason.CORRECTION,
                            line.getSku(),
                            next.undoable(),
                            now);
                    next = next.nothingToUndo();
                }
                pending.put(key, next);
            } else {
                pending.put(key, current.ordered(line.getQuantity(), line.getShopifyLocationId(), now));
            }
        }
    }

    private void onCatalog(CatalogItem c, long now) {
        String prefix = AtpStores.key(c.getShop(), c.getSku()) + "|";
        String before = catalog.get(AtpStores.key(c.getShop(), c.getSku()));
        catalog.put(AtpStores.key(c.getShop(), c.getSku()), c.getInventoryItemId());
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
        List<KeyValue<String, Long>> release = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = held.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(release::add);
        }
        for (KeyValue<String, Long> kv : release) {
            String[] locationReason = kv.key.substring(prefix.length()).split("\\|", 2);
            addVariance(c.getShop(), locationReason[0], locationReason[1], c.getSku(), kv.value, now);
            held.delete(kv.key);
        }
    }

    /** Pushes every window that closed by {@code now}. */
    private void flush(long now) {
        long closedBefore = now - Math.floorMod(now, interval);
        Long flushed = state.get(FLUSHED_UP_TO);
        long from =
                flushed == null ? closedBefore - settings.adjustmentHistory().toMillis() : flushed;
        if (from >= closedBefore) {
            return;
        }
        // window start → (shop|location|reason) → sku → units, in a stable order
        TreeMap<Long, Map<String, Map<String, Long>>> windows = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, Long> it =
                variances.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(closedBefore - 1))) {
            it.forEachRemaining(kv -> {
                if (kv.value == null || kv.value == 0) {
                    return;
                }
                String k = kv.key.key();
                int bar = k.indexOf('|');
                windows.computeIfAbsent(kv.key.window().start(), w -> new TreeMap<>())
                        .computeIfAbsent(k.substring(bar + 1), g -> new TreeMap<>())
                        .put(k.substring(0, bar), kv.value);
            });
        }
        windows.forEach((windowStart, groups) -> groups.forEach((group, skus) -> {
            String[] parts = group.split("\\|", 3);
            pushWindow(parts[0], parts[1], parts[2], skus, windowStart);
        }));
        state.put(FLUSHED_UP_TO, closedBefore);
        if (now - lastExpiry > Duration.ofHours(1).toMillis()) {
            expirePending(now);
            lastExpiry = now;
        }
    }

    private void pushWindow(String shop, String location, String reason, Map<String, Long> skus, long windowStart) {
        boolean compare = settings.compare(location);
        List<AdjustmentChange> changes = new ArrayList<>();
        for (Map.Entry<String, Long> e : skus.entrySet()) {
            String item = catalog.get(AtpStores.key(shop, e.getKey()));
            if (item == null) {
                String heldKey = AtpStores.key(shop, e.getKey(), location, reason);
                Long before = held.get(heldKey);
                held.put(heldKey, (before == null ? 0 : before) + e.getValue());
                heldSensor.record();
                continue;
            }
            changes.add(
                    compare
                            ? orderAware(location, e.getKey(), item, false)
                            : new AdjustmentChange(item, e.getKey(), e.getValue(), null, List.of()));
        }
        emit(
                shop,
                location,
                compare ? AdjustmentKind.SET : AdjustmentKind.ADJUST,
                compare ? ShopifyReason.CORRECTION : reason,
                changes,
                windowStart,
                windowStart + interval,
                null);
    }

    /**
     * The cut ({@link HardSyncCut}): this task's keys in scope get order-aware SET targets instead of their variances.
     */
    private void hardSync(HardSyncRequest h, long now) {
        List<String> shopLocations = new ArrayList<>();
        try (KeyValueIterator<String, MappingState> it = mappings.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.shop().equals(h.getShop())) {
                    shopLocations.add(kv.key);
                }
            });
        }
        HardSyncCut cut = new HardSyncCut(
                new HardSyncCut.Scope(h.getShop(), h.getShopifyLocationIds(), h.getSkus()), shopLocations);
        try (KeyValueIterator<String, OnlineAtp> it = online.all()) {
            while (it.hasNext()) {
                OnlineAtp a = it.next().value;
                if (a.getShop().equals(h.getShop())) {
                    cut.online(
                            a.getShop(),
                            a.getShopifyLocationId(),
                            a.getSku(),
                            catalog.get(AtpStores.key(a.getShop(), a.getSku())));
                }
            }
        }
        try (KeyValueIterator<String, String> it = catalog.prefixScan(h.getShop() + "|", KEYS)) {
            it.forEachRemaining(
                    kv -> cut.catalogued(kv.key.substring(h.getShop().length() + 1), kv.value));
        }
        dropBuffered(
                cut.targets().stream()
                        .map(t -> AtpStores.key(t.sku(), h.getShop(), t.location()))
                        .toList(),
                now);
        cut.byLocation()
                .forEach((location, targets) -> emit(
                        h.getShop(),
                        location,
                        AdjustmentKind.SET,
                        ShopifyReason.CORRECTION,
                        targets.stream()
                                .map(t -> orderAware(location, t.sku(), t.inventoryItemId(), true))
                                .toList(),
                        Math.min(now, h.getRequestedAt().toEpochMilli()),
                        now,
                        h.getRequestId())); // a SET's window: request to cut
        hardSyncs.put(h.getRequestId() + "|" + context.taskId().partition(), cut.summary(Instant.ofEpochMilli(now)));
    }

    /**
     * An order-aware SET change: online ATP and the Shopify orders the OMS has reserved for the SKU (those Shopify
     * cancelled with restock, by their webhook, marked). The sink subtracts the open fulfillment-order units at the
     * location that are not among them, read from Shopify as it writes, so no order is overwritten whether its webhook
     * arrived or not. {@code quantity} is the target as this task knows it (for views and old readers). At a hard
     * sync's cut ({@code cutting}) the SET takes Shopify's count as it is, so the location's orders are left with no
     * release compensation to undo.
     */
    private AdjustmentChange orderAware(String location, String sku, String item, boolean cutting) {
        OnlineAtp a = online.get(AtpStores.key(sku, location));
        long atp = a == null ? 0 : a.getOnlineAtp();
        long pendingUnits = 0;
        List<ReservedOrder> reserved = new ArrayList<>();
        List<KeyValue<String, PendingOrder>> synced = new ArrayList<>();
        try (KeyValueIterator<String, PendingOrder> it = pending.prefixScan(sku + "|", KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, PendingOrder> kv = it.next();
                boolean here = location.equals(kv.value.shopifyLocationId());
                if (here) {
                    pendingUnits += kv.value.pending();
                }
                // What the OMS holds for the order at this location only: a part Shopify split to another location and
                // the
                // OMS reserved there must not hide an unreserved part here.
                PendingOrder o = kv.value;
                o.accountedAt(location)
                        .ifPresent(h -> reserved.add(new ReservedOrder(
                                kv.key.substring(sku.length() + 1),
                                Math.max(0, h.reserved()),
                                o.restockedNotReleasedAt(location) > 0,
                                h.released(),
                                location)));
                if (cutting && here && kv.value.undoable() > 0) {
                    synced.add(kv);
                }
            }
        }
        synced.forEach(kv -> pending.put(kv.key, kv.value.nothingToUndo()));
        return new AdjustmentChange(item, sku, Batches.settable(Batches.target(atp, pendingUnits)), atp, reserved);
    }

    /** The cut: variances buffered in windows not pushed yet are replaced by the absolute targets. */
    private void dropBuffered(List<String> inScope, long now) {
        if (inScope.isEmpty()) {
            return;
        }
        java.util.Set<String> keys = new java.util.HashSet<>(inScope);
        Long flushed = state.get(FLUSHED_UP_TO);
        long from = flushed == null ? now - settings.adjustmentHistory().toMillis() : flushed;
        List<Windowed<String>> drop = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Long> it =
                variances.fetchAll(Instant.ofEpochMilli(from), Instant.ofEpochMilli(now))) {
            it.forEachRemaining(kv -> {
                String k = kv.key.key();
                if (keys.contains(k.substring(0, k.lastIndexOf('|')))) {
                    drop.add(kv.key);
                }
            });
        }
        drop.forEach(w -> variances.put(w.key(), null, w.window().start()));
    }

    private void emit(
            String shop,
            String location,
            AdjustmentKind kind,
            String reason,
            List<AdjustmentChange> changes,
            Long windowStart,
            Long windowEnd,
            String hardSyncId) {
        for (List<AdjustmentChange> part : Batches.split(changes, Batches.SHOPIFY_MAX_CHANGES)) {
            Long seq = state.get(SEQ);
            long next = seq == null ? 1 : seq + 1;
            state.put(SEQ, next);
            AdjustmentBatch batch = AdjustmentBatch.newBuilder()
                    .setBatchId(Batches.batchId(
                            settings.applicationId(),
                            settings.epoch(),
                            incarnation(),
                            context.taskId().partition(),
                            next))
                    .setShop(shop)
                    .setShopifyLocationId(location)
                    .setKind(kind)
                    .setReason(reason)
                    .setChanges(part)
                    .setWindowStart(windowStart == null ? null : Instant.ofEpochMilli(windowStart))
                    .setWindowEnd(windowEnd == null ? null : Instant.ofEpochMilli(windowEnd))
                    .setHardSyncRequestId(hardSyncId)
                    .build();
            context.forward(new Record<>(
                    AtpStores.key(shop, location),
                    batch,
                    windowEnd == null ? context.currentSystemTimeMs() : windowEnd));
            batchSensor.record();
            if (windowStart != null && kind == AdjustmentKind.ADJUST) {
                ageSensor.record(Math.max(0, context.currentSystemTimeMs() - windowStart));
            }
        }
    }

    /**
     * This task's incarnation, kept in committed state: an application reset (or lost changelogs) starts the sequence
     * again, and a new incarnation keeps its batch ids, Shopify's idempotency keys, from repeating old ones.
     */
    private long incarnation() {
        Long i = state.get(INCARNATION);
        if (i == null) {
            i = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 32);
            state.put(INCARNATION, i);
        }
        return i;
    }

    private static final String INCARNATION = "incarnation";

    private void expirePending(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingOrder> it = pending.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.updatedAt() < now - PENDING_EXPIRY.toMillis()) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(pending::delete);
    }
}
