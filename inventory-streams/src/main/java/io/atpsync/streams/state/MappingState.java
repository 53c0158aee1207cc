package io.atpsync.streams.state;

import java.util.List;

/**
 * A Shopify location's composition as a task keeps it.
 *
 * @param shop shop domain
 * @param facilityIds facilities whose stock sells at the location
 * @param queueFacilityId pseudo-facility of unallocated orders, or null
 */
public record MappingState(String shop, List<String> facilityIds, String queueFacilityId) {

    public MappingState {
        facilityIds = List.copyOf(facilityIds);
    }

    /** Every facility whose stock changes this location's online ATP. */
    public List<String> allFacilities() {
        if (queueFacilityId == null || facilityIds.contains(queueFacilityId)) {
            return facilityIds;
        }
        List<String> all = new java.util.ArrayList<>(facilityIds);
        all.add(queueFacilityId);
        return all;
    }
}
