package io.atpsync.streams.topology;

import io.atpsync.schemas.Kit;
import io.atpsync.schemas.KitPart;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.streams.atp.KitAtp;
import io.atpsync.streams.atp.KitAtp.Component;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.KitPartKey;
import io.atpsync.streams.variance.ShopifyReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A kit's online ATP, in the task that owns the kit: its components' values arrive as {@link KitPart}s from the tasks
 * that own them and are kept per location; the kit's value ({@link KitAtp}) is then stored, emitted and pushed like any
 * SKU's ({@link OnlineAtpRecompute#publish}), so hard syncs, the catalog and the push path treat a kit as a SKU.
 */
final class KitRecompute {

    private final KitIndex kits;
    private final LocationIndex locations;
    private final OnlineAtpRecompute atp;
    private final KeyValueStore<KitPartKey, Long> parts;
    private final ProcessorContext<String, Object> context;

    KitRecompute(
            ProcessorContext<String, Object> context, KitIndex kits, LocationIndex locations, OnlineAtpRecompute atp) {
        this.context = context;
        this.kits = kits;
        this.locations = locations;
        this.atp = atp;
        this.parts = context.getStateStore(AtpStores.KIT_PARTS);
    }

    /**
     * A kit (re)defined, in every task: the components this task owns hand the kit their values (a kit change updates
     * its components' keys); the task owning the kit recomputes it.
     */
    void define(long timestamp, Kit k, boolean pushing) {
        List<List<Component>> change = kits.define(k);
        if (change == null) {
            return;
        }
        for (Component c : change.get(1)) {
            for (OnlineAtp v : atp.valuesOf(c.sku())) {
                KitPart part = new KitPart(k.getKitSku(), c.sku(), v.getShopifyLocationId(), v.getOnlineAtp());
                context.forward(new Record<String, Object>(k.getKitSku(), part, timestamp));
            }
        }
        if (kits.owns(k.getKitSku())) {
            redefined(timestamp, k.getKitSku(), change.get(1), pushing);
        }
    }

    /** A component's value at a location reached the kit's task. */
    void part(long timestamp, KitPart p, boolean pushing) {
        parts.put(new KitPartKey(p.getKitSku(), p.getShopifyLocationId(), p.getComponentSku()), p.getOnlineAtp());
        recompute(timestamp, p.getKitSku(), p.getShopifyLocationId(), "kit-part:" + p.getComponentSku(), pushing);
    }

    /** The kit's definition changed: recompute it wherever it has parts or a value; forget components it lost. */
    private void redefined(long timestamp, String kit, List<Component> components, boolean pushing) {
        Set<String> keep = new LinkedHashSet<>();
        components.forEach(c -> keep.add(c.sku()));
        Set<String> at = new LinkedHashSet<>();
        List<KitPartKey> lost = new ArrayList<>();
        try (KeyValueIterator<KitPartKey, Long> it = parts.prefixScan(List.of(kit), StoreKeys.leading())) {
            it.forEachRemaining(kv -> {
                at.add(kv.key.location());
                if (!keep.contains(kv.key.componentSku())) {
                    lost.add(kv.key);
                }
            });
        }
        lost.forEach(parts::delete);
        atp.valuesOf(kit).forEach(v -> at.add(v.getShopifyLocationId()));
        at.forEach(location -> recompute(timestamp, kit, location, "kit:" + kit, pushing));
    }

    private void recompute(long timestamp, String kit, String location, String cause, boolean pushing) {
        List<Component> definition = kits.definition(kit);
        MappingState mapping = locations.mapping(location);
        OnlineAtp previous = atp.value(kit, location);
        if (mapping == null && previous == null) {
            return; // the location's mapping has not reached this task yet: its next part recomputes it
        }
        KitAtp k = KitAtp.of(
                definition == null ? List.of() : definition, c -> parts.get(new KitPartKey(kit, location, c)));
        OnlineAtp next = OnlineAtp.newBuilder()
                .setShopifyLocationId(location)
                .setShop(mapping == null ? previous.getShop() : mapping.shop())
                .setSku(kit)
                .setOnlineAtp(k.onlineAtp())
                .setContributed(k.onlineAtp())
                .setThreshold(0)
                .setQueue(0)
                .setFacilities(List.of())
                .setUpdatedAt(Instant.ofEpochMilli(timestamp))
                .setCause(k.limitedBy() == null ? cause : cause + " (limited by " + k.limitedBy() + ")")
                .setIncoming(0)
                .build();
        atp.publish(timestamp, previous, next, ShopifyReason.CORRECTION, pushing);
    }
}
