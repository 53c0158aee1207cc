package io.atpsync.streams.state;

import java.util.List;

/**
 * A Shopify location's composition as a task keeps it.
 *
 * @param shop shop domain
 * @param facilityIds facilities whose stock sells at the location
 * @param queueFacilityId pseudo-facility of unallocated orders, or null
 * @param onHand whether the location publishes on hand (its facilities' quantity on hand) instead of online ATP
 */
public record MappingState(String shop, List<String> facilityIds, String queueFacilityId, boolean onHand) {

    /** Shopify's name of the quantity published on hand. */
    public static final String ON_HAND = "on_hand";

    public MappingState {
        facilityIds = List.copyOf(facilityIds);
    }

    public MappingState(String shop, List<String> facilityIds, String queueFacilityId) {
        this(shop, facilityIds, queueFacilityId, false);
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
