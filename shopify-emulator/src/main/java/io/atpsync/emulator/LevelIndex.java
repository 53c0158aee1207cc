package io.atpsync.emulator;

import io.atpsync.emulator.Model.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop's inventory levels, by item and location, and indexed both ways: a bulk query of a catalogue (20,000 items ×
 * 50 locations) reads each item's levels, and a location's, without a scan of every level. Guarded by its shop.
 */
final class LevelIndex {

    private final Map<String, Map<String, Level>> byItem = new LinkedHashMap<>();
    private final Map<String, Map<String, Level>> byLocation = new LinkedHashMap<>();

    Level get(String itemId, String locationId) {
        return byItem.getOrDefault(itemId, Map.of()).get(locationId);
    }

    boolean has(String itemId, String locationId) {
        return get(itemId, locationId) != null;
    }

    void put(Level level) {
        byItem.computeIfAbsent(level.itemId(), k -> new LinkedHashMap<>()).put(level.locationId(), level);
        byLocation
                .computeIfAbsent(level.locationId(), k -> new LinkedHashMap<>())
                .put(level.itemId(), level);
    }

    List<Level> all() {
        return byItem.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    List<Level> ofItem(String itemId) {
        return List.copyOf(byItem.getOrDefault(itemId, Map.of()).values());
    }

    List<Level> at(String locationId) {
        return List.copyOf(byLocation.getOrDefault(locationId, Map.of()).values());
    }
}
