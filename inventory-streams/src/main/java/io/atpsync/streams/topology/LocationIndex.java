package io.atpsync.streams.topology;

import io.atpsync.streams.state.MappingState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The broadcast configuration every task holds whole: facilities (whether each sells online) and location mappings,
 * stored and mirrored in memory, since every recompute reads them for each of its facilities and locations.
 */
final class LocationIndex {

    private final KeyValueStore<String, Boolean> facilities;
    private final KeyValueStore<String, MappingState> mappings;
    /** facilityId → sellsOnline. */
    private final Map<String, Boolean> sellsOnline = new HashMap<>();
    /** shopifyLocationId → composition. */
    private final Map<String, MappingState> mappingOf = new HashMap<>();
    /** facilityId → locations it belongs to (as a member or queue). */
    private final Map<String, Set<String>> locationsByFacility = new HashMap<>();

    LocationIndex(ProcessorContext<?, ?> context) {
        facilities = context.getStateStore(AtpStores.FACILITIES);
        mappings = context.getStateStore(AtpStores.MAPPINGS);
        try (KeyValueIterator<String, MappingState> all = mappings.all()) {
            all.forEachRemaining(kv -> {
                mappingOf.put(kv.key, kv.value);
                index(kv.key, kv.value);
            });
        }
        try (KeyValueIterator<String, Boolean> all = facilities.all()) {
            all.forEachRemaining(kv -> sellsOnline.put(kv.key, kv.value));
        }
    }

    /** The location's composition, or null when it is not mapped (or its mapping has not reached this task). */
    MappingState mapping(String location) {
        return mappingOf.get(location);
    }

    /** Whether the facility sells online: null when no {@code inventory.facilities} record names it. */
    Boolean sellsOnline(String facilityId) {
        return sellsOnline.get(facilityId);
    }

    /** Records whether the facility sells online; false when that is what was known already. */
    boolean facility(String facilityId, boolean sells) {
        if (Boolean.valueOf(sells).equals(sellsOnline.get(facilityId))) {
            return false;
        }
        facilities.put(facilityId, sells);
        sellsOnline.put(facilityId, sells);
        return true;
    }

    /** Replaces the location's mapping ({@code after} null: removed). */
    void mapping(String location, MappingState before, MappingState after) {
        if (before != null) {
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
        }
    }

    /** The locations {@code facilityId} is a member or the queue of. */
    Set<String> locationsOf(String facilityId) {
        return Set.copyOf(locationsByFacility.getOrDefault(facilityId, Set.of()));
    }

    private void index(String location, MappingState mapping) {
        mapping.allFacilities()
                .forEach(f -> locationsByFacility
                        .computeIfAbsent(f, k -> new HashSet<>())
                        .add(location));
    }
}
