package io.atpsync.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The keys of the state stores, one record per layout, each with its serde. On disk a key is its fields in UTF-8 joined
 * by {@code |}: the bytes these stores held when their keys were strings, so state and changelogs written before read
 * the same. Only the last field may contain {@code |} (inputs are checked for it: SKUs and facility ids by
 * {@code EventRules}, the rest are Shopify ids and fixed reasons). Nothing outside this class joins or splits a key.
 */
public final class StoreKeys {

    private static final String BAR = "|";

    private StoreKeys() {}

    /** A SKU at a facility: the positions store. */
    public record SkuAtFacility(String sku, String facilityId) {}

    /** Which SKUs a facility holds: the facility-skus store, ordered by facility for its prefix scan. */
    public record FacilityHolds(String facilityId, String sku) {}

    /**
     * A SKU at a Shopify location ({@link #EVERY_LOCATION} for a threshold of every location): online ATP, thresholds.
     */
    public record SkuAtLocation(String sku, String location) {}

    /** One inbound shipment line of a SKU at a facility. */
    public record ShipmentLine(String sku, String facilityId, String shipmentId) {}

    /** A compensation waiting for its location's mapping, by location first (released by a prefix scan of it). */
    public record OrphanCompensation(String location, String sku, String reason) {}

    /**
     * One millisecond of a position's deltas. The time is written as 16 hex digits of {@code time ^ Long.MIN_VALUE}, so
     * the store's byte order is time order (negative times included).
     */
    public record PositionDelta(String sku, String facilityId, long time) {}

    /** A variance being summed in a window, by SKU first (the record key, and the history view's range). */
    public record Variance(String sku, String shop, String location, String reason) {

        /** The lowest key of {@code sku}'s variances, for a range fetch. */
        public static Variance firstOf(String sku) {
            return new Variance(sku, "\u0000", "", "");
        }

        /** The highest key of {@code sku}'s variances, for a range fetch. */
        public static Variance lastOf(String sku) {
            return new Variance(sku, "\uffff", "", "");
        }

        /** The (SKU, shop, location) this variance moves. */
        public ShopKey key() {
            return new ShopKey(sku, shop, location);
        }
    }

    /** A SKU at a shop's location, whatever the reason: what a hard sync's cut drops. */
    public record ShopKey(String sku, String shop, String location) {}

    /** A SKU in a shop's catalogue, by shop first (a hard sync scans its shop). */
    public record CatalogEntry(String shop, String sku) {}

    /** A variance held until the catalogue knows its SKU, by (shop, SKU) first (released by a prefix scan of them). */
    public record HeldVariance(String shop, String sku, String location, String reason) {}

    /** A Shopify order's line for a SKU, by SKU first (an order-aware target scans the SKU's orders). */
    public record PendingLine(String sku, String orderId) {}

    /** What one task did for a hard sync request, by request first ({@code GET /hard-sync/{id}} scans it). */
    public record HardSyncTask(String requestId, int partition) {}

    /** A component's online ATP at a location, as the task owning the kit holds it. */
    public record KitPartKey(String kitSku, String location, String componentSku) {}

    /** A facility's ring-fenced share for one shop. */
    public record FacilityShop(String facilityId, String shop) {}

    /** A change held until its effectiveAt, by time first: the wall-clock scan takes what is due in order. */
    public record ScheduledAt(long time, String eventId) {}

    /** The same change by SKU and facility: what a breakdown shows as scheduled. */
    public record ScheduledFor(String sku, String facilityId, long time, String eventId) {}

    public static final String EVERY_LOCATION = "*";

    public static Serde<SkuAtFacility> skuAtFacility() {
        return serde(2, k -> List.of(k.sku(), k.facilityId()), p -> new SkuAtFacility(p[0], p[1]));
    }

    public static Serde<FacilityHolds> facilityHolds() {
        return serde(2, k -> List.of(k.facilityId(), k.sku()), p -> new FacilityHolds(p[0], p[1]));
    }

    public static Serde<SkuAtLocation> skuAtLocation() {
        return serde(2, k -> List.of(k.sku(), k.location()), p -> new SkuAtLocation(p[0], p[1]));
    }

    public static Serde<ShipmentLine> shipmentLine() {
        return serde(3, k -> List.of(k.sku(), k.facilityId(), k.shipmentId()), p -> new ShipmentLine(p[0], p[1], p[2]));
    }

    public static Serde<OrphanCompensation> orphanCompensation() {
        return serde(3, k -> List.of(k.location(), k.sku(), k.reason()), p -> new OrphanCompensation(p[0], p[1], p[2]));
    }

    public static Serde<PositionDelta> positionDelta() {
        return serde(
                3,
                k -> List.of(k.sku(), k.facilityId(), hexTime(k.time())),
                p -> new PositionDelta(p[0], p[1], parseHexTime(p[2])));
    }

    public static Serde<Variance> variance() {
        return serde(
                4,
                k -> List.of(k.sku(), k.shop(), k.location(), k.reason()),
                p -> new Variance(p[0], p[1], p[2], p[3]));
    }

    public static Serde<CatalogEntry> catalogEntry() {
        return serde(2, k -> List.of(k.shop(), k.sku()), p -> new CatalogEntry(p[0], p[1]));
    }

    public static Serde<HeldVariance> heldVariance() {
        return serde(
                4,
                k -> List.of(k.shop(), k.sku(), k.location(), k.reason()),
                p -> new HeldVariance(p[0], p[1], p[2], p[3]));
    }

    public static Serde<PendingLine> pendingLine() {
        return serde(2, k -> List.of(k.sku(), k.orderId()), p -> new PendingLine(p[0], p[1]));
    }

    public static Serde<HardSyncTask> hardSyncTask() {
        return serde(
                2,
                k -> List.of(k.requestId(), Integer.toString(k.partition())),
                p -> new HardSyncTask(p[0], parsePartition(p[1])));
    }

    public static Serde<KitPartKey> kitPart() {
        return serde(
                3, k -> List.of(k.kitSku(), k.location(), k.componentSku()), p -> new KitPartKey(p[0], p[1], p[2]));
    }

    public static Serde<FacilityShop> facilityShop() {
        return serde(2, k -> List.of(k.facilityId(), k.shop()), p -> new FacilityShop(p[0], p[1]));
    }

    public static Serde<ScheduledAt> scheduledAt() {
        return serde(2, k -> List.of(hexTime(k.time()), k.eventId()), p -> new ScheduledAt(parseHexTime(p[0]), p[1]));
    }

    public static Serde<ScheduledFor> scheduledFor() {
        return serde(
                4,
                k -> List.of(k.sku(), k.facilityId(), hexTime(k.time()), k.eventId()),
                p -> new ScheduledFor(p[0], p[1], parseHexTime(p[2]), p[3]));
    }

    /**
     * The serializer of a prefix scan over keys whose leading fields are the given ones (e.g. every position of a SKU:
     * {@code store.prefixScan(List.of(sku), StoreKeys.leading())}).
     */
    public static Serializer<List<String>> leading() {
        return (topic, fields) -> (String.join(BAR, fields) + BAR).getBytes(StandardCharsets.UTF_8);
    }

    private static int parsePartition(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SerializationException("a hard-sync task key ends in \"" + s + "\", not a partition number");
        }
    }

    private static long parseHexTime(String hex) {
        return Long.parseUnsignedLong(hex, 16) ^ Long.MIN_VALUE;
    }

    private static String hexTime(long t) {
        String hex = Long.toHexString(t ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static <K> Serde<K> serde(int fields, Function<K, List<String>> parts, Function<String[], K> of) {
        Serializer<K> serializer = (topic, key) -> {
            if (key == null) {
                return null;
            }
            return String.join(BAR, parts.apply(key)).getBytes(StandardCharsets.UTF_8);
        };
        Deserializer<K> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            String s = new String(bytes, StandardCharsets.UTF_8);
            String[] p = s.split("\\|", fields);
            if (p.length != fields) {
                throw new SerializationException(
                        "store key \"" + s + "\" has " + p.length + " of its " + fields + " fields");
            }
            return of.apply(p);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
