package io.atpsync.streams;

import java.util.List;

import io.atpsync.schemas.Facility;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;

/**
 * What a deleted configuration record means, rebuilt from its key: a facility that no longer sells
 * online, settings back to their defaults, a threshold removed, a location with no facilities.
 */
final class ConfigTombstones {

    private ConfigTombstones() {
    }

    static Facility facility(String facilityId) {
        return new Facility(facilityId, "(deleted)", "DELETED", false);
    }

    static ProductFacility productFacility(String key) {
        String[] parts = split(key, "inventory.product-facility");
        return new ProductFacility(parts[0], parts[1], 0L, true);
    }

    /** Marks a removed threshold: unlike an explicit 0, a per-location removal falls back to the SKU's threshold. */
    static final long REMOVED_THRESHOLD = -1;

    static ProductThreshold threshold(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? new ProductThreshold(key, null, REMOVED_THRESHOLD)
                : new ProductThreshold(key.substring(0, bar), key.substring(bar + 1), REMOVED_THRESHOLD);
    }

    static LocationMapping mapping(String shopifyLocationId) {
        return new LocationMapping(shopifyLocationId, "", List.of(), null);
    }

    private static String[] split(String key, String topic) {
        int bar = key == null ? -1 : key.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("tombstone key '" + key + "' on " + topic + " is not sku|facilityId");
        }
        return new String[] {key.substring(0, bar), key.substring(bar + 1)};
    }
}
