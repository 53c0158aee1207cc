package io.atpsync.streams.topology;

import io.atpsync.schemas.Facility;
import io.atpsync.schemas.FacilityContribution;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.streams.atp.Contribution;
import io.atpsync.streams.atp.EventRules;
import io.atpsync.streams.atp.FacilityPosition;
import io.atpsync.streams.atp.FacilityStock;
import io.atpsync.streams.atp.OnlineAtpBreakdown;
import io.atpsync.streams.atp.OnlineAtpFormula;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.ops.Metrics;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.PositionState;
import io.atpsync.streams.variance.ShopifyOrderIds;
import io.atpsync.streams.variance.ShopifyReason;
import io.atpsync.streams.variance.VarianceRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Keeps per-SKU stock and configuration of one task and emits the online ATP of every (location, SKU) an input touches,
 * only when it changed. Inputs arrive keyed by SKU (events, product-facility settings, thresholds) or broadcast to
 * every task (facilities, location mappings).
 */
final class AtpProcessor implements Processor<String, SpecificRecord, String, Object> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final long horizonMillis;
    private final long dedupMillis;
    private final Serializer<InventoryEvent> eventSerializer;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PositionState> positions;
    private KeyValueStore<String, long[]> positionDeltas;
    private KeyValueStore<String, Boolean> facilitySkus;
    private KeyValueStore<String, Long> thresholds;
    private KeyValueStore<String, Long> incoming;
    private KeyValueStore<String, Boolean> facilities;
    private KeyValueStore<String, MappingState> mappings;
    private KeyValueStore<String, OnlineAtp> online;
    private WindowStore<String, Long> eventIds;
    private KeyValueStore<String, Long> orphans;
    /** facilityId → sellsOnline, mirrored from the facilities store (read for every facility of every recompute). */
    private final Map<String, Boolean> sellsOnline = new HashMap<>();
    /**
     * shopifyLocationId → composition, mirrored from the mappings store (read for every location of every recompute).
     */
    private final Map<String, MappingState> mappingOf = new HashMap<>();
    /** facilityId → locations it belongs to (as a member or queue); rebuilt from the mappings store. */
    private final Map<String, Set<String>> locationsByFacility = new HashMap<>();

    private Sensor duplicates;
    private Sensor superseded;
    private Sensor deadLetters;
    private Sensor onlineChanges;
    private Sensor varianceSensor;
    private final Map<String, Sensor> eventSensors = new java.util.HashMap<>();

    /** Rebuild mode: the end offset to reach before pushing variances again; -1 = not rebuilding. */
    private long rebuildUntil = -1;

    private final Settings settings;
    private final String eventsTopic;

    AtpProcessor(Settings settings, Serializer<InventoryEvent> eventSerializer, String eventsTopic) {
        this.settings = settings;
        this.eventsTopic = eventsTopic;
        this.horizonMillis = settings.historyHorizon().toMillis();
        this.dedupMillis = settings.dedupRetention().toMillis();
        this.eventSerializer = eventSerializer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        positions = context.getStateStore(AtpStores.POSITIONS);
        positionDeltas = context.getStateStore(AtpStores.POSITION_DELTAS);
        facilitySkus = context.getStateStore(AtpStores.FACILITY_SKUS);
        thresholds = context.getStateStore(AtpStores.THRESHOLDS);
        incoming = context.getStateStore(AtpStores.INCOMING);
        facilities = context.getStateStore(AtpStores.FACILITIES);
        mappings = context.getStateStore(AtpStores.MAPPINGS);
        online = context.getStateStore(AtpStores.ONLINE);
        eventIds = context.getStateStore(AtpStores.EVENT_IDS);
        orphans = context.getStateStore(AtpStores.ORPHAN_COMPENSATIONS);
        try (KeyValueIterator<String, MappingState> all = mappings.all()) {
            all.forEachRemaining(kv -> {
                mappingOf.put(kv.key, kv.value);
                index(kv.key, kv.value);
            });
        }
        try (KeyValueIterator<String, Boolean> all = facilities.all()) {
            all.forEachRemaining(kv -> sellsOnline.put(kv.key, kv.value));
        }
        Long until = settings.rebuildUntil().get(context.taskId().partition());
        rebuildUntil = until == null ? -1 : until;
        if (rebuildUntil == 0) {
            rebuildUntil = -1;
            context.schedule(
                    java.time.Duration.ofMillis(1),
                    org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
                    new org.apache.kafka.streams.processor.Punctuator() {
                        private boolean done;

                        @Override
                        public void punctuate(long t) {
                            if (!done) {
                                done = true;
                                context.forward(new Record<String, Object>("", new RebuildCaughtUp(), t));
                            }
                        }
                    });
        }
        duplicates = Metrics.duplicates(context);
        superseded = Metrics.superseded(context);
        deadLetters = Metrics.deadLetters(context);
        onlineChanges = Metrics.onlineAtpChanges(context);
        varianceSensor = Metrics.variances(context);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof InventoryEvent e) {
            onEvent(record, e);
        } else if (value instanceof ProductFacility pf) {
            onProductFacility(record, pf);
        } else if (value instanceof ProductThreshold t) {
            onThreshold(record, t);
        } else if (value instanceof io.atpsync.schemas.InboundShipmentLine line) {
            onShipment(record, line);
        } else if (value instanceof Facility f) {
            onFacility(record, f);
        } else if (value instanceof LocationMapping m) {
            onMapping(record, m);
        }
        if (rebuildUntil >= 0) {
            rebuilding(record); // after: the record at the end offset is history too
        }
    }

    private void onEvent(Record<String, SpecificRecord> record, InventoryEvent e) {
        long ahead = e.getOccurredAt().toEpochMilli() - context.currentSystemTimeMs();
        if (ahead > MAX_FUTURE_MILLIS) {
            // A clock or time-zone error: applied, it would make every later count "too late" for its whole horizon.
            deadLetter(
                    record,
                    e,
                    "event " + e.getEventId() + ": occurredAt " + e.getOccurredAt() + " is " + ahead / 60_000
                            + " min in the future (more than " + MAX_FUTURE_MILLIS / 60_000
                            + " min ahead of this instance's clock); fix the "
                            + "sender's clock and re-send (its id is not "
                            + "remembered, so the same event can come again)");
            return;
        }
        if (seen(e.getEventId(), record.timestamp())) {
            duplicates.record();
            return;
        }
        String key = AtpStores.key(e.getSku(), e.getFacilityId());
        PositionState before = position(key, e.getSku(), e.getFacilityId());
        PositionState state = before == null ? PositionState.NEW : before;
        FacilityStock.Applied applied = state.stock()
                .apply(
                        EventRules.change(e),
                        horizonMillis,
                        new StoreDeltaLog(positionDeltas, e.getSku(), e.getFacilityId()));
        switch (applied.outcome()) {
            case SUPERSEDED -> {
                // The count already holds this event's effect on stock, but Shopify still took the order it reserves:
                // its compensation, and the note that the OMS reserved it, go out all the same.
                superseded.record();
                compensate(record, e, ShopifyReason.of(e.getType()));
            }
            case BEHIND_A_PARTIAL_COUNT ->
                deadLetter(
                        record,
                        e,
                        "event " + e.getEventId() + ": " + e.getType() + " as of "
                                + e.getOccurredAt() + " is older than a later count of " + e.getSku() + " at "
                                + e.getFacilityId()
                                + " that set only " + (e.getSetAtp() != null ? "the quantity on hand" : "ATP")
                                + "; this count's "
                                + (e.getSetAtp() != null ? "ATP" : "quantity on hand")
                                + " can no longer be placed: re-send a current count");
            case TOO_LATE ->
                deadLetter(
                        record,
                        e,
                        "event " + e.getEventId() + ": " + e.getType() + " as of "
                                + e.getOccurredAt() + " is older than the " + horizonMillis / 3_600_000
                                + " h history kept for "
                                + e.getSku() + " at " + e.getFacilityId() + "; re-send a current count");
            case APPLIED -> {
                eventSensors
                        .computeIfAbsent(e.getType().name(), t -> Metrics.events(context, t))
                        .record();
                putPosition(
                        key,
                        e.getFacilityId(),
                        e.getSku(),
                        before,
                        new PositionState(applied.stock(), state.safetyStock(), state.allowOnline()));
                String reason = ShopifyReason.of(e.getType());
                recompute(record, e.getSku(), locationsOf(e.getFacilityId()), "event:" + e.getEventId(), reason);
                compensate(record, e, reason);
            }
        }
    }

    /** How far ahead of this instance's clock an event's occurredAt may be (clocks drift; a day is not drift). */
    static final long MAX_FUTURE_MILLIS = 3_600_000;

    private void onProductFacility(Record<String, SpecificRecord> record, ProductFacility pf) {
        String key = AtpStores.key(pf.getSku(), pf.getFacilityId());
        PositionState before = position(key, pf.getSku(), pf.getFacilityId());
        PositionState state = before == null ? PositionState.NEW : before;
        putPosition(
                key,
                pf.getFacilityId(),
                pf.getSku(),
                before,
                new PositionState(state.stock(), Math.max(0, pf.getSafetyStock()), pf.getAllowOnline()));
        recompute(
                record,
                pf.getSku(),
                locationsOf(pf.getFacilityId()),
                "product-facility:" + key,
                ShopifyReason.CORRECTION);
    }

    private void onThreshold(Record<String, SpecificRecord> record, ProductThreshold t) {
        String location = t.getShopifyLocationId() == null ? AtpStores.ALL_LOCATIONS : t.getShopifyLocationId();
        String key = AtpStores.key(t.getSku(), location);
        if (t.getThreshold() == ConfigTombstones.REMOVED_THRESHOLD) {
            thresholds.delete(key);
        } else {
            thresholds.put(key, t.getThreshold());
        }
        Set<String> locations = t.getShopifyLocationId() == null ? locationsOfSku(t.getSku()) : Set.of(location);
        recompute(record, t.getSku(), locations, "threshold:" + key, ShopifyReason.CORRECTION);
    }

    /** Incoming stock: shown in the breakdown of the facility's locations, never counted in ATP. */
    private void onShipment(Record<String, SpecificRecord> record, io.atpsync.schemas.InboundShipmentLine line) {
        String key = line.getSku() + "|" + line.getFacilityId() + "|" + line.getShipmentId();
        long outstanding = Math.max(0, line.getExpectedQuantity() - line.getReceivedQuantity());
        if (outstanding == 0) {
            incoming.delete(key);
        } else {
            incoming.put(key, outstanding);
        }
        recompute(
                record,
                line.getSku(),
                locationsOf(line.getFacilityId()),
                "shipment:" + line.getShipmentId(),
                ShopifyReason.CORRECTION);
    }

    /**
     * facilityId → units still expected there for {@code sku}: one scan, whatever the number of facilities and
     * locations.
     */
    private Map<String, Long> incomingBySku(String sku) {
        Map<String, Long> units = new HashMap<>();
        try (KeyValueIterator<String, Long> it = incoming.prefixScan(sku + "|", KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                String rest = kv.key.substring(sku.length() + 1);
                units.merge(rest.substring(0, rest.indexOf('|')), kv.value, Long::sum);
            }
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

    private void onFacility(Record<String, SpecificRecord> record, Facility f) {
        Boolean before = facilities.get(f.getFacilityId());
        if (Objects.equals(before, f.getSellsOnline())) {
            return;
        }
        facilities.put(f.getFacilityId(), f.getSellsOnline());
        sellsOnline.put(f.getFacilityId(), f.getSellsOnline());
        Set<String> locations = locationsOf(f.getFacilityId());
        for (String sku : skusAt(f.getFacilityId())) {
            recompute(record, sku, locations, "facility:" + f.getFacilityId(), ShopifyReason.CORRECTION);
        }
    }

    private void onMapping(Record<String, SpecificRecord> record, LocationMapping m) {
        String location = m.getShopifyLocationId();
        MappingState before = mappingOf.get(location);
        MappingState after = m.getFacilityIds().isEmpty() && m.getQueueFacilityId() == null
                ? null
                : new MappingState(m.getShop(), m.getFacilityIds(), m.getQueueFacilityId());
        if (Objects.equals(before, after)) {
            return;
        }
        Set<String> touched = new LinkedHashSet<>();
        if (before != null) {
            touched.addAll(before.allFacilities());
            before.allFacilities()
                    .forEach(f ->
                            locationsByFacility.getOrDefault(f, new HashSet<>()).remove(location));
        }
        if (after == null) {
            mappings.delete(location);
            mappingOf.remove(location);
        } else {
            mappings.put(location, after);
            mappingOf.put(location, after);
            index(location, after);
            touched.addAll(after.allFacilities());
            releaseOrphans(record, location, after.shop());
        }
        Set<String> skus = new LinkedHashSet<>();
        touched.forEach(f -> skus.addAll(skusAt(f)));
        for (String sku : skus) {
            recompute(record, sku, Set.of(location), "location-mapping:" + location, ShopifyReason.CORRECTION);
        }
        if (before == null && after != null && pushing() && !skus.isEmpty()) {
            // A new location's first values are not deltas onto levels Shopify may already hold (stock typed in,
            // orders taken there): they are a scoped set, which drops the variances just made for it.
            context.forward(new Record<String, Object>(
                    location,
                    new PushInput.HardSync(new HardSyncRequest(
                            "new-location:" + location + "@" + record.timestamp(),
                            after.shop(),
                            List.of(location),
                            List.copyOf(skus),
                            Instant.ofEpochMilli(record.timestamp()),
                            "location mapping")),
                    record.timestamp()));
        }
    }

    private boolean seen(String eventId, long timestamp) {
        // The long-based fetch: the Instant one formats a validation message on every call (a few % of the hot path).
        try (WindowStoreIterator<Long> hits =
                eventIds.fetch(eventId, timestamp - dedupMillis, timestamp + dedupMillis)) {
            if (hits.hasNext()) {
                return true;
            }
        }
        eventIds.put(eventId, timestamp, timestamp);
        return false;
    }

    /** The position, its deltas moved into the delta store first if it was written in format 1 (deltas inside). */
    private PositionState position(String key, String sku, String facilityId) {
        PositionState p = positions.get(key);
        if (p == null || p.unmigrated().isEmpty()) {
            return p;
        }
        StoreDeltaLog log = new StoreDeltaLog(positionDeltas, sku, facilityId);
        p.unmigrated().forEach(log::add);
        PositionState migrated = new PositionState(p.stock(), p.safetyStock(), p.allowOnline());
        positions.put(key, migrated);
        return migrated;
    }

    private void putPosition(String key, String facilityId, String sku, PositionState before, PositionState after) {
        positions.put(key, after);
        if (before == null) {
            facilitySkus.put(AtpStores.key(facilityId, sku), true);
        }
    }

    private void recompute(
            Record<String, SpecificRecord> trigger, String sku, Set<String> locations, String cause, String reason) {
        if (locations.isEmpty()) {
            return;
        }
        // One scan of the SKU's positions serves every location (an aggregate location may span dozens of facilities).
        Map<String, PositionState> held = new HashMap<>();
        try (KeyValueIterator<String, PositionState> it = positions.prefixScan(sku + "|", KEYS)) {
            it.forEachRemaining(kv -> held.put(kv.key.substring(sku.length() + 1), kv.value));
        }
        Map<String, Long> expected = incomingBySku(sku);
        for (String location : locations) {
            MappingState mapping = mappingOf.get(location);
            String key = AtpStores.key(sku, location);
            OnlineAtp previous = online.get(key);
            if (mapping == null && previous == null) {
                continue;
            }
            OnlineAtp next = compute(location, sku, mapping, held, expected, trigger.timestamp(), cause);
            if (previous == null
                    && next.getFacilities().isEmpty()
                    && !(mapping.queueFacilityId() != null && held.containsKey(mapping.queueFacilityId()))) {
                continue; // the SKU is not known at this location: nothing to say about it yet
            }
            if (mapping == null) {
                next.setShop(previous.getShop());
            }
            if (sameValue(previous, next)) {
                continue;
            }
            online.put(key, next);
            onlineChanges.record();
            context.forward(new Record<String, Object>(AtpStores.key(location, sku), next, trigger.timestamp()));
            VarianceRule.ofAtpChange(previous == null ? null : previous.getOnlineAtp(), next.getOnlineAtp(), pushing())
                    .ifPresent(variance -> {
                        varianceSensor.record();
                        context.forward(new Record<String, Object>(
                                sku,
                                new VarianceChange(next.getShop(), location, sku, variance, reason),
                                trigger.timestamp()));
                    });
        }
    }

    private OnlineAtp compute(
            String location,
            String sku,
            MappingState mapping,
            Map<String, PositionState> held,
            Map<String, Long> expected,
            long timestamp,
            String cause) {
        List<FacilityPosition> inputs = new ArrayList<>();
        List<PositionState> states = new ArrayList<>();
        long queueAtp = 0;
        String shop = "";
        if (mapping != null) {
            shop = mapping.shop();
            for (String f : mapping.facilityIds()) {
                PositionState p = held.get(f);
                if (p != null) {
                    Boolean sells = sellsOnline.get(f);
                    inputs.add(new FacilityPosition(
                            f,
                            p.stock().qoh(),
                            p.stock().atp(),
                            p.safetyStock(),
                            sells != null && sells,
                            p.allowOnline()));
                    states.add(p);
                }
            }
            if (mapping.queueFacilityId() != null) {
                PositionState q = held.get(mapping.queueFacilityId());
                queueAtp = q == null ? 0 : q.stock().atp();
            }
        }
        Long threshold = thresholds.get(AtpStores.key(sku, location));
        if (threshold == null) {
            threshold = thresholds.get(AtpStores.key(sku, AtpStores.ALL_LOCATIONS));
        }
        OnlineAtpBreakdown b = OnlineAtpFormula.compute(inputs, threshold == null ? 0 : threshold, queueAtp);
        List<FacilityContribution> facilityParts = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            FacilityPosition in = inputs.get(i);
            Contribution c = b.contributions().get(i);
            String why = c.excludedBecause();
            if (why != null && !sellsOnline.containsKey(in.facilityId())) {
                why = "facility unknown (no inventory.facilities record)";
            }
            facilityParts.add(
                    new FacilityContribution(in.facilityId(), in.qoh(), in.atp(), in.safetyStock(), c.units(), why));
        }
        return OnlineAtp.newBuilder()
                .setShopifyLocationId(location)
                .setShop(shop)
                .setSku(sku)
                .setOnlineAtp(b.onlineAtp())
                .setContributed(b.contributed())
                .setThreshold(b.threshold())
                .setQueue(b.queue())
                .setFacilities(facilityParts)
                .setUpdatedAt(Instant.ofEpochMilli(timestamp))
                .setCause(cause)
                .setIncoming(mapping == null ? 0 : incomingAt(expected, mapping.facilityIds()))
                .build();
    }

    /**
     * Rebuild mode: state is recomputed from history without pushing variances Shopify already got; at the end offset
     * seen at start the task hands over to a hard sync of everything it holds.
     */
    private void rebuilding(Record<String, SpecificRecord> record) {
        context.recordMetadata().filter(m -> m.topic().equals(eventsTopic)).ifPresent(m -> {
            if (m.offset() >= rebuildUntil - 1) {
                rebuildUntil = -1;
                context.forward(new Record<String, Object>(record.key(), new RebuildCaughtUp(), record.timestamp()));
            }
        });
    }

    private boolean pushing() {
        return rebuildUntil < 0;
    }

    /** A SHOPIFY-channel reservation: Shopify already counted it (see {@link VarianceRule}). */
    private void compensate(Record<String, SpecificRecord> record, InventoryEvent e, String reason) {
        VarianceRule.compensation(e, pushing()).ifPresent(c -> {
            MappingState mapping = mappingOf.get(c.shopifyLocationId());
            if (mapping == null) {
                // The location's mapping has not reached this task yet (config and events race): keep the
                // compensation until it does, rather than lose it or push it for no shop.
                String key = AtpStores.key(c.shopifyLocationId(), e.getSku()) + "|" + reason;
                Long before = orphans.get(key);
                orphans.put(key, (before == null ? 0 : before) + c.units());
            } else {
                context.forward(new Record<String, Object>(
                        e.getSku(),
                        new VarianceChange(mapping.shop(), c.shopifyLocationId(), e.getSku(), c.units(), reason),
                        record.timestamp()));
            }
        });
        String shopifyOrder =
                ShopifyOrderIds.normalize(e.getShopifyOrderId() != null ? e.getShopifyOrderId() : e.getOrderId());
        if (VarianceRule.shopifyReservation(e) && shopifyOrder != null) {
            // Which Shopify orders the OMS has reserved: a hard sync must not subtract them a second time.
            MappingState mapping = e.getShopifyLocationId() == null ? null : mappingOf.get(e.getShopifyLocationId());
            context.forward(new Record<String, Object>(
                    e.getSku(),
                    new ReservationSeen(
                            e.getSku(),
                            shopifyOrder,
                            mapping == null ? null : mapping.shop(),
                            e.getShopifyLocationId(),
                            -e.getAtpDiff()),
                    record.timestamp()));
        }
    }

    private void releaseOrphans(Record<String, SpecificRecord> record, String location, String shop) {
        List<KeyValue<String, Long>> found = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = orphans.prefixScan(location + "|", KEYS)) {
            it.forEachRemaining(found::add);
        }
        for (KeyValue<String, Long> kv : found) {
            String[] skuReason = kv.key.substring(location.length() + 1).split("\\|", 2);
            context.forward(new Record<String, Object>(
                    skuReason[0],
                    new VarianceChange(shop, location, skuReason[0], kv.value, skuReason[1]),
                    record.timestamp()));
            orphans.delete(kv.key);
        }
    }

    /** Equal in everything but when and why: only a changed value is emitted. */
    private static boolean sameValue(OnlineAtp a, OnlineAtp b) {
        return a != null
                && a.getOnlineAtp() == b.getOnlineAtp()
                && a.getContributed() == b.getContributed()
                && a.getThreshold() == b.getThreshold()
                && a.getQueue() == b.getQueue()
                && a.getShop().equals(b.getShop())
                && a.getFacilities().equals(b.getFacilities())
                && a.getIncoming() == b.getIncoming();
    }

    private Set<String> locationsOf(String facilityId) {
        return Set.copyOf(locationsByFacility.getOrDefault(facilityId, Set.of()));
    }

    /** Locations where {@code sku} is stocked or already has an online ATP. */
    private Set<String> locationsOfSku(String sku) {
        Set<String> locations = new LinkedHashSet<>();
        try (KeyValueIterator<String, PositionState> it = positions.prefixScan(sku + "|", KEYS)) {
            it.forEachRemaining(kv -> locations.addAll(locationsOf(kv.key.substring(sku.length() + 1))));
        }
        try (KeyValueIterator<String, OnlineAtp> it = online.prefixScan(sku + "|", KEYS)) {
            it.forEachRemaining(kv -> locations.add(kv.key.substring(sku.length() + 1)));
        }
        return locations;
    }

    private List<String> skusAt(String facilityId) {
        List<String> skus = new ArrayList<>();
        try (KeyValueIterator<String, Boolean> it = facilitySkus.prefixScan(facilityId + "|", KEYS)) {
            it.forEachRemaining((KeyValue<String, Boolean> kv) -> skus.add(kv.key.substring(facilityId.length() + 1)));
        }
        return skus;
    }

    private void index(String location, MappingState mapping) {
        mapping.allFacilities()
                .forEach(f -> locationsByFacility
                        .computeIfAbsent(f, k -> new HashSet<>())
                        .add(location));
    }

    private void deadLetter(Record<String, SpecificRecord> record, InventoryEvent e, String reason) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("inventory.events");
        DeadLetter letter = new DeadLetter(eventSerializer.serialize(topic, e), reason);
        Record<String, Object> out = new Record<>(record.key(), letter, record.timestamp());
        context.recordMetadata().ifPresent(m -> letter.describeIn(out.headers(), m, "InvalidEvent"));
        deadLetters.record();
        context.forward(out);
    }
}
