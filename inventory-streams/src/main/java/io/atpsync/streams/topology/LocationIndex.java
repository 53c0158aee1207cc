package io.atpsync.streams.topology;

import io.atpsync.schemas.FacilityShare;
import io.atpsync.streams.atp.ShopSplit;
import io.atpsync.streams.atp.ShopSplit.Share;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.StoreKeys.FacilityShop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The broadcast configuration every task holds whole: facilities (whether each sells online), location mappings and
 * ring-fenced shares, stored and mirrored in memory, since every recompute reads them for each of its facilities and
 * locations.
 */
final class LocationIndex {

    private final KeyValueStore<String, Boolean> facilities;
    private final KeyValueStore<String, MappingState> mappings;
    private final KeyValueStore<FacilityShop, String> shares;
    /** facilityId → how its contribution is split between shops (absent: not split). */
    private final Map<String, ShopSplit> splits = new HashMap<>();
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
        shares = context.getStateStore(AtpStores.FACILITY_SHARES);
        Map<String, List<Share>> byFacility = new HashMap<>();
        try (KeyValueIterator<FacilityShop, String> all = shares.all()) {
            all.forEachRemaining(kv -> byFacility
                    .computeIfAbsent(kv.key.facilityId(), f -> new ArrayList<>())
                    .add(decodeShare(kv.key.shop(), kv.value)));
        }
        byFacility.forEach((f, list) -> splits.put(f, new ShopSplit(list)));
    }

    /** How the facility's contribution is split between shops ({@link ShopSplit#NONE}: not split). */
    ShopSplit split(String facilityId) {
        return splits.getOrDefault(facilityId, ShopSplit.NONE);
    }

    /** Sets or (percent {@link ConfigTombstones#REMOVED_SHARE}) removes a share; false when that changes nothing. */
    boolean share(FacilityShare s) {
        FacilityShop key = new FacilityShop(s.getFacilityId(), s.getShop());
        Share share = s.getPercent() != null && s.getPercent() == ConfigTombstones.REMOVED_SHARE
                ? null
                : new Share(s.getShop(), s.getPercent(), s.getUnits());
        String value = share == null ? null : encodeShare(share);
        if (Objects.equals(shares.get(key), value)) {
            return false;
        }
        List<Share> list = new ArrayList<>(split(s.getFacilityId()).shares());
        list.removeIf(x -> x.shop().equals(s.getShop()));
        if (share == null) {
            shares.delete(key);
        } else {
            shares.put(key, value);
            list.add(share);
        }
        if (list.isEmpty()) {
            splits.remove(s.getFacilityId());
        } else {
            splits.put(s.getFacilityId(), new ShopSplit(list));
        }
        return true;
    }

    /** A share as the store holds it: {@code percent:N}, {@code units:N} or {@code remainder}. */
    static String encodeShare(Share s) {
        return s.units() != null ? "units:" + s.units() : s.percent() != null ? "percent:" + s.percent() : "remainder";
    }

    static Share decodeShare(String shop, String value) {
        if (value.startsWith("units:")) {
            return new Share(shop, null, Long.parseLong(value.substring("units:".length())));
        }
        if (value.startsWith("percent:")) {
            return new Share(shop, Integer.parseInt(value.substring("percent:".length())), null);
        }
        return new Share(shop, null, null);
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
