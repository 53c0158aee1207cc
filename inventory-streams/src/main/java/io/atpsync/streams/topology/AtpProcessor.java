package io.atpsync.streams.topology;

import io.atpsync.schemas.EventHeaders;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.FacilityShare;
import io.atpsync.schemas.InboundShipmentLine;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Kit;
import io.atpsync.schemas.KitPart;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.streams.atp.EventRules;
import io.atpsync.streams.atp.FacilityStock;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.ops.Metrics;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.PositionState;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.variance.ShopifyReason;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps per-SKU stock and configuration of one task and emits the online ATP of every (location, SKU) an input touches,
 * only when it changed ({@link OnlineAtpRecompute}). Inputs ({@link AtpInput}) arrive keyed by SKU (events,
 * product-facility settings, thresholds, shipments) or broadcast to every task (facilities, location mappings).
 */
final class AtpProcessor implements Processor<String, AtpInput, String, Object> {

    /** How far ahead of this instance's clock an event's occurredAt may be (clocks drift; a day is not drift). */
    static final long MAX_FUTURE_MILLIS = 3_600_000;

    private final Settings settings;
    private final String eventsTopic;
    private final long horizonMillis;
    private final long dedupMillis;
    private final Serializer<InventoryEvent> eventSerializer;
    private final Deserializer<InventoryEvent> eventDeserializer;

    private ProcessorContext<String, Object> context;
    private PositionStores positions;
    private LocationIndex locations;
    private OnlineAtpRecompute atp;
    private ShopifyCompensation compensation;
    private ScheduledEvents scheduled;
    private KitIndex kits;
    private KitRecompute kitValues;
    private EventIds eventIds;
    private Sensor duplicates;
    private Sensor superseded;
    private Sensor held;
    private Sensor deadLetters;
    private final Map<String, Sensor> eventSensors = new HashMap<>();

    private RebuildMode rebuild;

    /** The input being processed: its timestamp is that of everything it emits. */
    private Record<String, AtpInput> current;

    AtpProcessor(Settings settings, Serde<InventoryEvent> eventSerde, String eventsTopic) {
        this.settings = settings;
        this.eventsTopic = eventsTopic;
        this.horizonMillis = settings.historyHorizon().toMillis();
        this.dedupMillis = settings.dedupRetention().toMillis();
        this.eventSerializer = eventSerde.serializer();
        this.eventDeserializer = eventSerde.deserializer();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        positions = new PositionStores(context);
        locations = new LocationIndex(context);
        kits = new KitIndex(context, settings.partitions());
        atp = new OnlineAtpRecompute(context, positions, locations, kits);
        kitValues = new KitRecompute(context, kits, locations, atp);
        compensation = new ShopifyCompensation(context, locations);
        eventIds = new EventIds(context, dedupMillis);
        scheduled = new ScheduledEvents(context, eventSerializer, eventDeserializer, eventsTopic);
        context.schedule(ScheduledEvents.CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::applyDue);
        rebuild = new RebuildMode(context, settings, eventsTopic);
        duplicates = Metrics.duplicates(context);
        superseded = Metrics.superseded(context);
        held = Metrics.scheduled(context);
        deadLetters = Metrics.deadLetters(context);
    }

    @Override
    public void process(Record<String, AtpInput> record) {
        current = record;
        if (record.value() != null) {
            record.value().to(handler);
        }
        rebuild.processed(record);
    }

    private final AtpInput.Handler handler = new AtpInput.Handler() {
        @Override
        public void event(InventoryEvent e) {
            onEvent(e);
        }

        @Override
        public void productFacility(ProductFacility pf) {
            PositionState before = positions.get(pf.getSku(), pf.getFacilityId());
            PositionState state = before == null ? PositionState.NEW : before;
            positions.put(
                    pf.getSku(),
                    pf.getFacilityId(),
                    before,
                    new PositionState(state.stock(), Math.max(0, pf.getSafetyStock()), pf.getAllowOnline()));
            recompute(
                    pf.getSku(),
                    locations.locationsOf(pf.getFacilityId()),
                    "product-facility:" + AtpStores.key(pf.getSku(), pf.getFacilityId()),
                    ShopifyReason.CORRECTION);
        }

        @Override
        public void threshold(ProductThreshold t) {
            String location = t.getShopifyLocationId() == null ? StoreKeys.EVERY_LOCATION : t.getShopifyLocationId();
            atp.threshold(t.getSku(), location, t.getThreshold());
            Set<String> at = t.getShopifyLocationId() == null ? atp.locationsOfSku(t.getSku()) : Set.of(location);
            recompute(t.getSku(), at, "threshold:" + AtpStores.key(t.getSku(), location), ShopifyReason.CORRECTION);
        }

        /** Incoming stock: shown in the breakdown of the facility's locations, never counted in ATP. */
        @Override
        public void shipment(InboundShipmentLine line) {
            long outstanding = Math.max(0, line.getExpectedQuantity() - line.getReceivedQuantity());
            atp.incoming(line.getSku(), line.getFacilityId(), line.getShipmentId(), outstanding);
            recompute(
                    line.getSku(),
                    locations.locationsOf(line.getFacilityId()),
                    "shipment:" + line.getShipmentId(),
                    ShopifyReason.CORRECTION);
        }

        @Override
        public void facility(Facility f) {
            if (locations.facility(f.getFacilityId(), f.getSellsOnline())) {
                everySkuAt(f.getFacilityId(), "facility:" + f.getFacilityId());
            }
        }

        /** Ring-fencing: a shop's share changes that shop's and the other shops' parts, so every location's. */
        @Override
        public void facilityShare(FacilityShare s) {
            if (locations.share(s)) {
                everySkuAt(s.getFacilityId(), "facility-share:" + AtpStores.key(s.getFacilityId(), s.getShop()));
            }
        }

        @Override
        public void mapping(LocationMapping m) {
            onMapping(m);
        }

        @Override
        public void kit(Kit k) {
            kitValues.define(current.timestamp(), k, pushing());
        }

        @Override
        public void kitPart(KitPart p) {
            kitValues.part(current.timestamp(), p, pushing());
        }
    };

    private void onEvent(InventoryEvent e) {
        long ahead = e.getOccurredAt().toEpochMilli() - context.currentSystemTimeMs();
        if (ahead > MAX_FUTURE_MILLIS) {
            // A clock or time-zone error: applied, it would make every later count "too late" for its whole horizon.
            deadLetter(e, EventRejections.inTheFuture(e, ahead, MAX_FUTURE_MILLIS));
            return;
        }
        if (eventIds.seen(e.getEventId(), current.timestamp())) {
            duplicates.record();
            return;
        }
        if (kits.definition(e.getSku()) != null) { // a kit's stock is its components'
            deadLetter(e, EventRejections.kit(e));
            return;
        }
        if (ScheduledEvents.futureDated(e) && e.getEffectiveAt().toEpochMilli() > context.currentSystemTimeMs()) {
            held.record();
            scheduled.hold(e); // applied by applyDue when the wall clock reaches it
            return;
        }
        apply(ScheduledEvents.asApplied(e));
    }

    /** Future-dated events whose time has come, applied as of their effectiveAt, as if they arrived now. */
    private void applyDue(long now) {
        for (InventoryEvent e : scheduled.takeDue(now)) {
            current = new Record<>(e.getSku(), new AtpInput.Event(e), now);
            apply(ScheduledEvents.asApplied(e));
        }
    }

    private void apply(InventoryEvent e) {
        PositionState before = positions.get(e.getSku(), e.getFacilityId());
        PositionState state = before == null ? PositionState.NEW : before;
        FacilityStock.Applied applied = state.stock()
                .apply(EventRules.change(e), horizonMillis, positions.deltaLog(e.getSku(), e.getFacilityId()));
        switch (applied.outcome()) {
            case SUPERSEDED -> {
                // The count already holds this event's effect on stock, but Shopify still took the order it reserves:
                // its compensation, and the note that the OMS reserved it, go out all the same.
                superseded.record();
                compensation.compensate(current.timestamp(), e, ShopifyReason.of(e.getType()), pushing());
            }
            case BEHIND_A_PARTIAL_COUNT -> deadLetter(e, EventRejections.behindAPartialCount(e));
            case TOO_LATE -> deadLetter(e, EventRejections.tooLate(e, horizonMillis));
            case APPLIED -> {
                eventSensors
                        .computeIfAbsent(e.getType().name(), t -> Metrics.events(context, t))
                        .record();
                positions.put(
                        e.getSku(),
                        e.getFacilityId(),
                        before,
                        new PositionState(applied.stock(), state.safetyStock(), state.allowOnline()));
                String reason = ShopifyReason.of(e.getType());
                recompute(e.getSku(), locations.locationsOf(e.getFacilityId()), "event:" + e.getEventId(), reason);
                compensation.compensate(current.timestamp(), e, reason, pushing());
            }
        }
    }

    private void onMapping(LocationMapping m) {
        String location = m.getShopifyLocationId();
        MappingState before = locations.mapping(location);
        MappingState after = MappingChange.state(m);
        if (Objects.equals(before, after)) {
            return;
        }
        Set<String> touched = new LinkedHashSet<>();
        if (before != null) {
            touched.addAll(before.allFacilities());
        }
        locations.mapping(location, before, after);
        if (after != null) {
            touched.addAll(after.allFacilities());
            compensation.release(current.timestamp(), location, after.shop());
        }
        Set<String> skus = new LinkedHashSet<>();
        touched.forEach(f -> skus.addAll(positions.skusAt(f)));
        for (String sku : skus) {
            recompute(sku, Set.of(location), "location-mapping:" + location, ShopifyReason.CORRECTION);
        }
        if (pushing() && MappingChange.setsScope(before, after, skus)) {
            context.forward(MappingChange.scopedSet(location, after.shop(), skus, current.timestamp()));
        }
    }

    /** A facility-wide change: every SKU the facility holds, at every location it feeds. */
    private void everySkuAt(String facilityId, String cause) {
        Set<String> at = locations.locationsOf(facilityId);
        for (String sku : positions.skusAt(facilityId)) {
            recompute(sku, at, cause, ShopifyReason.CORRECTION);
        }
    }

    private void recompute(String sku, Set<String> at, String cause, String reason) {
        atp.recompute(current.timestamp(), sku, at, cause, reason, pushing());
    }

    /**
     * Whether the current input's variances go to Shopify: not while rebuilding, nor for an event a hard sync will
     * settle ({@link EventHeaders#SETTLED_BY}: a reset file at catalogue scale).
     */
    private boolean pushing() {
        return !rebuild.active() && (current == null || current.headers().lastHeader(EventHeaders.SETTLED_BY) == null);
    }

    private void deadLetter(InventoryEvent e, String reason) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("inventory.events");
        DeadLetter letter = new DeadLetter(eventSerializer.serialize(topic, e), reason);
        Record<String, Object> out = new Record<>(current.key(), letter, current.timestamp());
        context.recordMetadata().ifPresent(m -> letter.describeIn(out.headers(), m, "InvalidEvent"));
        deadLetters.record();
        context.forward(out);
    }
}
