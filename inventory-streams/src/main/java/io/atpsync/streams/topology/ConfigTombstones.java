package io.atpsync.streams.topology;

import io.atpsync.schemas.Facility;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import java.util.List;

/**
 * What a deleted configuration record means, rebuilt from its key: a facility that no longer sells online, settings
 * back to their defaults, a threshold removed, a location with no facilities.
 */
final class ConfigTombstones {

    private ConfigTombstones() {}

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
        return bar < 0
                ? new ProductThreshold(key, null, REMOVED_THRESHOLD)
                : new ProductThreshold(key.substring(0, bar), key.substring(bar + 1), REMOVED_THRESHOLD);
    }

    /** A removed shipment line (key shipmentId|facilityId|sku): nothing outstanding any more. */
    static io.atpsync.schemas.InboundShipmentLine shipment(String key) {
        String[] p = key == null ? new String[0] : key.split("\\|", 3);
        if (p.length != 3) {
            throw new IllegalArgumentException(
                    "tombstone key '" + key + "' on inventory.shipments is not shipmentId|facilityId|sku");
        }
        return new io.atpsync.schemas.InboundShipmentLine(
                p[0], p[1], p[2], 0L, 0L, List.of(), null, java.time.Instant.EPOCH);
    }

    /** Marks a removed ring-fenced share (an import takes percentages of 0 to 100 only). */
    static final int REMOVED_SHARE = -1;

    /** A removed share (key facilityId|shop): the shop's part goes back to the rule of the shares left. */
    static io.atpsync.schemas.FacilityShare share(String key) {
        int bar = key == null ? -1 : key.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException(
                    "tombstone key '" + key + "' on inventory.facility-shares is not facilityId|shop");
        }
        return new io.atpsync.schemas.FacilityShare(key.substring(0, bar), key.substring(bar + 1), REMOVED_SHARE, null);
    }

    static LocationMapping mapping(String shopifyLocationId) {
        return new LocationMapping(shopifyLocationId, "", List.of(), null, null);
    }

    private static String[] split(String key, String topic) {
        int bar = key == null ? -1 : key.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("tombstone key '" + key + "' on " + topic + " is not sku|facilityId");
        }
        return new String[] {key.substring(0, bar), key.substring(bar + 1)};
    }
}
