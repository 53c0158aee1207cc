package io.atpsync.streams.topology;

import io.atpsync.schemas.KitPart;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.streams.atp.FacilityPosition;
import io.atpsync.streams.atp.OnlineAtpBreakdown;
import io.atpsync.streams.atp.OnlineAtpFormula;
import io.atpsync.streams.atp.ShopSplit;
import io.atpsync.streams.ops.Metrics;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.PositionState;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.ShipmentLine;
import io.atpsync.streams.state.StoreKeys.SkuAtLocation;
import io.atpsync.streams.variance.VarianceRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The online ATP of a SKU at its locations, recomputed from what the task holds ({@link OnlineAtpFormula}): each value
 * that changed is stored, emitted to {@code atp.online}, and its variance ({@link VarianceRule}) sent to the push
 * processor.
 */
final class OnlineAtpRecompute {

    private final ProcessorContext<String, Object> context;
    private final PositionStores positions;
    private final LocationIndex locations;
    private final KitIndex kits;
    private final KeyValueStore<SkuAtLocation, OnlineAtp> online;
    private final KeyValueStore<SkuAtLocation, Long> thresholds;
    private final KeyValueStore<ShipmentLine, Long> incoming;
    private final Sensor onlineChanges;
    private final Sensor varianceSensor;
    private final Function<String, Boolean> sellsOnline;
    private final Function<String, ShopSplit> splits;

    OnlineAtpRecompute(
            ProcessorContext<String, Object> context,
            PositionStores positions,
            LocationIndex locations,
            KitIndex kits) {
        this.context = context;
        this.kits = kits;
        this.positions = positions;
        this.locations = locations;
        online = context.getStateStore(AtpStores.ONLINE);
        thresholds = context.getStateStore(AtpStores.THRESHOLDS);
        incoming = context.getStateStore(AtpStores.INCOMING);
        onlineChanges = Metrics.onlineAtpChanges(context);
        varianceSensor = Metrics.variances(context);
        sellsOnline = locations::sellsOnline;
        splits = locations::split;
    }

    /** Sets (or, for {@link ConfigTombstones#REMOVED_THRESHOLD}, removes) a threshold. */
    void threshold(String sku, String location, long threshold) {
        SkuAtLocation key = new SkuAtLocation(sku, location);
        if (threshold == ConfigTombstones.REMOVED_THRESHOLD) {
            thresholds.delete(key);
        } else {
            thresholds.put(key, threshold);
        }
    }

    /** Sets the units still expected on a shipment line (0 removes it). */
    void incoming(String sku, String facilityId, String shipmentId, long outstanding) {
        ShipmentLine key = new ShipmentLine(sku, facilityId, shipmentId);
        if (outstanding == 0) {
            incoming.delete(key);
        } else {
            incoming.put(key, outstanding);
        }
    }

    /**
     * Recomputes {@code sku} at {@code at}; {@code pushing} false (a rebuild) keeps the variances from Shopify.
     *
     * @param cause what changed, shown in the breakdown
     * @param reason the Shopify reason of the variances
     */
    void recompute(long timestamp, String sku, Set<String> at, String cause, String reason, boolean pushing) {
        if (at.isEmpty()) {
            return;
        }
        // One scan of the SKU's positions serves every location (an aggregate location may span dozens of facilities).
        Map<String, PositionState> held = positions.ofSku(sku);
        Map<String, Long> expected = incomingBySku(sku);
        for (String location : at) {
            MappingState mapping = locations.mapping(location);
            SkuAtLocation key = new SkuAtLocation(sku, location);
            OnlineAtp previous = online.get(key);
            if (mapping == null && previous == null) {
                continue;
            }
            OnlineAtp next = compute(location, sku, mapping, held, expected, timestamp, cause);
            if (previous == null && !holdsAny(mapping, held)) {
                continue; // the SKU is not known at this location: nothing to say about it yet
            }
            if (mapping == null) {
                next.setShop(previous.getShop());
            }
            publish(timestamp, previous, next, reason, pushing);
        }
    }

    /**
     * Stores, emits and pushes {@code next} when it differs from {@code previous}; and hands it to every kit the SKU is
     * a component of ({@link KitPart}, to the task that owns the kit).
     */
    void publish(long timestamp, OnlineAtp previous, OnlineAtp next, String reason, boolean pushing) {
        if (sameValue(previous, next)) {
            return;
        }
        String sku = next.getSku();
        String location = next.getShopifyLocationId();
        online.put(new SkuAtLocation(sku, location), next);
        onlineChanges.record();
        context.forward(new Record<String, Object>(AtpStores.key(location, sku), next, timestamp));
        VarianceRule.ofAtpChange(previous == null ? null : previous.getOnlineAtp(), next.getOnlineAtp(), pushing)
                .ifPresent(variance -> {
                    varianceSensor.record();
                    context.forward(new Record<String, Object>(
                            sku, new VarianceChange(next.getShop(), location, sku, variance, reason), timestamp));
                });
        for (String kit : kits.kitsOf(sku)) {
            context.forward(
                    new Record<String, Object>(kit, new KitPart(kit, sku, location, next.getOnlineAtp()), timestamp));
        }
    }

    /** The SKU's online ATP at every location this task has one for (what a new kit needs of its component). */
    List<OnlineAtp> valuesOf(String sku) {
        List<OnlineAtp> values = new ArrayList<>();
        try (KeyValueIterator<SkuAtLocation, OnlineAtp> it = online.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }

    /** The last value of {@code sku} at {@code location}, or null. */
    OnlineAtp value(String sku, String location) {
        return online.get(new SkuAtLocation(sku, location));
    }

    /** Locations where {@code sku} is stocked or already has an online ATP. */
    Set<String> locationsOfSku(String sku) {
        Set<String> at = new LinkedHashSet<>();
        positions.ofSku(sku).keySet().forEach(f -> at.addAll(locations.locationsOf(f)));
        try (KeyValueIterator<SkuAtLocation, OnlineAtp> it = online.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> at.add(kv.key.location()));
        }
        return at;
    }

    /**
     * The value of {@code sku} at {@code location}: what the variance needs and the terms of the formula, without the
     * per-facility list ({@link FacilityBreakdown#query} computes it again on query).
     */
    private OnlineAtp compute(
            String location,
            String sku,
            MappingState mapping,
            Map<String, PositionState> held,
            Map<String, Long> expected,
            long timestamp,
            String cause) {
        List<FacilityPosition> inputs =
                mapping == null ? List.of() : FacilityBreakdown.inputs(mapping, held, sellsOnline);
        long queueAtp = mapping == null ? 0 : FacilityBreakdown.queueAtp(mapping, held);
        Long threshold = thresholds.get(new SkuAtLocation(sku, location));
        if (threshold == null) {
            threshold = thresholds.get(new SkuAtLocation(sku, StoreKeys.EVERY_LOCATION));
        }
        OnlineAtpBreakdown b = mapping != null && mapping.onHand()
                ? OnlineAtpFormula.onHand(inputs)
                : OnlineAtpFormula.compute(
                        inputs,
                        threshold == null ? 0 : threshold,
                        queueAtp,
                        mapping == null ? null : mapping.shop(),
                        splits);
        return OnlineAtp.newBuilder()
                .setShopifyLocationId(location)
                .setShop(mapping == null ? "" : mapping.shop())
                .setSku(sku)
                .setOnlineAtp(b.onlineAtp())
                .setContributed(b.contributed())
                .setThreshold(b.threshold())
                .setQueue(b.queue())
                .setFacilities(List.of())
                .setUpdatedAt(Instant.ofEpochMilli(timestamp))
                .setCause(cause)
                .setIncoming(mapping == null ? 0 : incomingAt(expected, mapping.facilityIds()))
                .setPublished(mapping != null && mapping.onHand() ? MappingState.ON_HAND : null)
                .build();
    }

    /** Whether any facility of the location (its queue included) holds the SKU. */
    private static boolean holdsAny(MappingState mapping, Map<String, PositionState> held) {
        return mapping.allFacilities().stream().anyMatch(held::containsKey);
    }

    /** facilityId → units still expected there for {@code sku}: one scan, whatever the number of facilities. */
    private Map<String, Long> incomingBySku(String sku) {
        Map<String, Long> units = new HashMap<>();
        try (KeyValueIterator<ShipmentLine, Long> it = incoming.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> units.merge(kv.key.facilityId(), kv.value, Long::sum));
        }
        return units;
    }

    private static long incomingAt(Map<String, Long> bySku, List<String> facilityIds) {
        long units = 0;
        for (String f : facilityIds) {
            units += bySku.getOrDefault(f, 0L);
        }
        return units;
    }

    /**
     * Equal in everything but when and why (a facility's change that moves none of the terms is not one): only a
     * changed value is emitted.
     */
    private static boolean sameValue(OnlineAtp a, OnlineAtp b) {
        return a != null
                && a.getOnlineAtp() == b.getOnlineAtp()
                && a.getContributed() == b.getContributed()
                && a.getThreshold() == b.getThreshold()
                && a.getQueue() == b.getQueue()
                && a.getShop().equals(b.getShop())
                && a.getIncoming() == b.getIncoming()
                && java.util.Objects.equals(a.getPublished(), b.getPublished());
    }
}
