package io.atpsync.streams.topology;

import io.atpsync.schemas.FacilityContribution;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.streams.atp.Contribution;
import io.atpsync.streams.atp.FacilityPosition;
import io.atpsync.streams.atp.OnlineAtpBreakdown;
import io.atpsync.streams.atp.OnlineAtpFormula;
import io.atpsync.streams.atp.ShopSplit;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.PositionState;
import io.atpsync.streams.state.ScheduledChange;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.FacilityShop;
import io.atpsync.streams.state.StoreKeys.ScheduledFor;
import io.atpsync.streams.state.StoreKeys.SkuAtFacility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The inputs of one (location, SKU)'s online ATP and its per-facility breakdown. The processor computes the value from
 * them on every change and stores only the value; a query computes the breakdown again from the same stores, so no
 * per-facility list is written per event.
 */
public final class FacilityBreakdown {

    private FacilityBreakdown() {}

    /** The location's facilities that hold the SKU, in mapping order. */
    static List<FacilityPosition> inputs(
            MappingState mapping, Map<String, PositionState> held, Function<String, Boolean> sellsOnline) {
        List<FacilityPosition> inputs = new ArrayList<>();
        for (String f : mapping.facilityIds()) {
            PositionState p = held.get(f);
            if (p != null) {
                Boolean sells = sellsOnline.apply(f);
                inputs.add(new FacilityPosition(
                        f, p.stock().qoh(), p.stock().atp(), p.safetyStock(), sells != null && sells, p.allowOnline()));
            }
        }
        return inputs;
    }

    /** The ATP of the location's queue pseudo-facility (≤ 0 when orders wait), 0 when it has none. */
    static long queueAtp(MappingState mapping, Map<String, PositionState> held) {
        if (mapping.queueFacilityId() == null) {
            return 0;
        }
        PositionState q = held.get(mapping.queueFacilityId());
        return q == null ? 0 : q.stock().atp();
    }

    /** One row per facility of {@code inputs}, with why it does not count when it does not. */
    static List<FacilityContribution> rows(
            List<FacilityPosition> inputs, OnlineAtpBreakdown b, Function<String, Boolean> sellsOnline) {
        List<FacilityContribution> rows = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            FacilityPosition in = inputs.get(i);
            Contribution c = b.contributions().get(i);
            String why = c.excludedBecause();
            if (why != null && sellsOnline.apply(in.facilityId()) == null) {
                why = "facility unknown (no inventory.facilities record)";
            }
            rows.add(new FacilityContribution(
                    in.facilityId(), in.qoh(), in.atp(), in.safetyStock(), c.units(), why, c.shareOf(), c.share()));
        }
        return rows;
    }

    /**
     * The breakdown of {@code sku} at {@code location} from the task's stores, as a query reads them; empty when the
     * location is not mapped here.
     */
    public static List<FacilityContribution> query(
            ReadOnlyKeyValueStore<SkuAtFacility, PositionState> positions,
            ReadOnlyKeyValueStore<String, MappingState> mappings,
            ReadOnlyKeyValueStore<String, Boolean> facilities,
            ReadOnlyKeyValueStore<FacilityShop, String> shares,
            String sku,
            String location,
            OnlineAtp value) {
        long threshold = value.getThreshold();
        MappingState mapping = mappings.get(location);
        if (mapping == null) {
            return List.of();
        }
        Map<String, PositionState> held = new LinkedHashMap<>();
        try (KeyValueIterator<SkuAtFacility, PositionState> it =
                positions.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> held.put(kv.key.facilityId(), kv.value));
        }
        Function<String, Boolean> sells = facilities::get;
        List<FacilityPosition> inputs = inputs(mapping, held, sells);
        Function<String, ShopSplit> splits = f -> {
            List<ShopSplit.Share> list = new ArrayList<>();
            try (KeyValueIterator<FacilityShop, String> it = shares.prefixScan(List.of(f), StoreKeys.leading())) {
                it.forEachRemaining(kv -> list.add(LocationIndex.decodeShare(kv.key.shop(), kv.value)));
            }
            return list.isEmpty() ? ShopSplit.NONE : new ShopSplit(list);
        };
        return rows(
                inputs,
                mapping.onHand()
                        ? OnlineAtpFormula.onHand(inputs)
                        : OnlineAtpFormula.compute(inputs, threshold, queueAtp(mapping, held), mapping.shop(), splits),
                sells);
    }

    /**
     * The future-dated changes of {@code sku} held for the facilities of {@code location}, earliest first per facility:
     * what the breakdown shows as scheduled until their effectiveAt.
     */
    public static List<ScheduledChange> scheduled(
            ReadOnlyKeyValueStore<ScheduledFor, ScheduledChange> store,
            ReadOnlyKeyValueStore<String, MappingState> mappings,
            String sku,
            String location) {
        MappingState mapping = mappings.get(location);
        if (mapping == null) {
            return List.of();
        }
        List<ScheduledChange> found = new ArrayList<>();
        try (KeyValueIterator<ScheduledFor, ScheduledChange> it = store.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> {
                if (mapping.allFacilities().contains(kv.key.facilityId())) {
                    found.add(kv.value);
                }
            });
        }
        return found;
    }

    /**
     * A kit's parts at {@code location} as the explain view shows them, with the component that limits it; null when
     * {@code sku} is not a kit.
     */
    public static io.atpsync.streams.atp.KitAtp kit(
            ReadOnlyKeyValueStore<String, String> kits,
            ReadOnlyKeyValueStore<StoreKeys.KitPartKey, Long> parts,
            String sku,
            String location) {
        String definition = kits.get(sku);
        return definition == null
                ? null
                : io.atpsync.streams.atp.KitAtp.of(
                        KitIndex.decode(definition), c -> parts.get(new StoreKeys.KitPartKey(sku, location, c)));
    }
}
