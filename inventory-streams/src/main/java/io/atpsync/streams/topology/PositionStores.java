package io.atpsync.streams.topology;

import io.atpsync.streams.atp.FacilityStock;
import io.atpsync.streams.state.PositionState;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.FacilityHolds;
import io.atpsync.streams.state.StoreKeys.PositionDelta;
import io.atpsync.streams.state.StoreKeys.SkuAtFacility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The stock of each SKU at each facility a task holds: positions, their deltas, and which SKUs each facility holds. */
final class PositionStores {

    private final KeyValueStore<SkuAtFacility, PositionState> positions;
    private final KeyValueStore<PositionDelta, long[]> deltas;
    private final KeyValueStore<FacilityHolds, Boolean> facilitySkus;

    PositionStores(ProcessorContext<?, ?> context) {
        positions = context.getStateStore(AtpStores.POSITIONS);
        deltas = context.getStateStore(AtpStores.POSITION_DELTAS);
        facilitySkus = context.getStateStore(AtpStores.FACILITY_SKUS);
    }

    /**
     * The position of {@code sku} at {@code facilityId}, or null; its deltas are moved into the delta store first if it
     * was written in format 1 (deltas inside).
     */
    PositionState get(String sku, String facilityId) {
        SkuAtFacility key = new SkuAtFacility(sku, facilityId);
        PositionState p = positions.get(key);
        if (p == null || p.unmigrated().isEmpty()) {
            return p;
        }
        FacilityStock.DeltaLog log = deltaLog(sku, facilityId);
        p.unmigrated().forEach(log::add);
        PositionState migrated = new PositionState(p.stock(), p.safetyStock(), p.allowOnline());
        positions.put(key, migrated);
        return migrated;
    }

    /** Stores {@code after}; {@code before} null means the facility holds the SKU from now on. */
    void put(String sku, String facilityId, PositionState before, PositionState after) {
        positions.put(new SkuAtFacility(sku, facilityId), after);
        if (before == null) {
            facilitySkus.put(new FacilityHolds(facilityId, sku), true);
        }
    }

    FacilityStock.DeltaLog deltaLog(String sku, String facilityId) {
        return new StoreDeltaLog(deltas, sku, facilityId);
    }

    /** facilityId → position of every facility holding {@code sku}: one scan of the SKU. */
    Map<String, PositionState> ofSku(String sku) {
        Map<String, PositionState> held = new LinkedHashMap<>();
        try (KeyValueIterator<SkuAtFacility, PositionState> it =
                positions.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> held.put(kv.key.facilityId(), kv.value));
        }
        return held;
    }

    /** The SKUs {@code facilityId} holds. */
    List<String> skusAt(String facilityId) {
        List<String> skus = new ArrayList<>();
        try (KeyValueIterator<FacilityHolds, Boolean> it =
                facilitySkus.prefixScan(List.of(facilityId), StoreKeys.leading())) {
            it.forEachRemaining(kv -> skus.add(kv.key.sku()));
        }
        return skus;
    }
}
