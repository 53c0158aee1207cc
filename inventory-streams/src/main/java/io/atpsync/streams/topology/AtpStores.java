package io.atpsync.streams.topology;

import io.atpsync.schemas.OnlineAtp;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.state.StateSerdes;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The persistent state stores of the online ATP processor, with their key layouts. */
public final class AtpStores {

    /** {@code sku|facilityId} → stock and settings of the SKU at the facility. */
    public static final String POSITIONS = "positions";
    /**
     * {@code sku|facilityId|time} → qohDiff, atpDiff: a position's deltas within the history horizon (time:
     * {@link StoreDeltaLog}).
     */
    public static final String POSITION_DELTAS = "position-deltas";
    /** {@code facilityId|sku} → true: which SKUs a facility holds (fan-out without a full scan). */
    public static final String FACILITY_SKUS = "facility-skus";
    /** {@code sku|facilityId|shipmentId} → units still expected on that inbound shipment line. */
    public static final String INCOMING = "incoming";
    /** {@code sku|shopifyLocationId}, or {@code sku|*} for every location → threshold. */
    public static final String THRESHOLDS = "thresholds";
    /** facilityId → sellsOnline (every task holds all facilities: they are broadcast). */
    public static final String FACILITIES = "facilities";
    /** shopifyLocationId → composition (broadcast too). */
    public static final String MAPPINGS = "location-mappings";
    /** {@code sku|shopifyLocationId} → the last online ATP emitted: change detection and interactive queries. */
    public static final String ONLINE = "online-atp";
    /**
     * {@code location|sku|reason} → compensation for a SHOPIFY order at a location whose mapping has not arrived yet.
     */
    public static final String ORPHAN_COMPENSATIONS = "orphan-compensations";
    /** eventId → seen, windowed by arrival time: duplicate detection. */
    public static final String EVENT_IDS = "event-ids";

    /**
     * {@code sku|shop|location|reason} → summed variance, in tumbling windows of the flush interval: the adjustment
     * history.
     */
    public static final String VARIANCES = "variances";
    /** {@code shop|sku} → Shopify inventory item gid. */
    public static final String CATALOG = "catalog";
    /** {@code shop|sku|location|reason} → variance held until the catalog knows the SKU. */
    public static final String HELD = "held-variances";
    /** {@code sku|orderId} → a Shopify order line and how much of it the OMS has reserved. */
    public static final String PENDING = "pending-shopify-orders";
    /** {@code seq}, {@code flushed-up-to} → the push processor's committed counters. */
    public static final String PUSH_STATE = "push-state";
    /** hard sync request id → what this task did for it. */
    public static final String HARD_SYNCS = "hard-syncs";

    /**
     * {@code shop|inventoryItemId|locationId} → Shopify's last reported level (a global store: every instance has all).
     */
    public static final String SHOPIFY_LEVELS = "shopify-levels";

    public static final String ALL_LOCATIONS = "*";

    private AtpStores() {}

    static List<StoreBuilder<?>> builders(Serde<OnlineAtp> onlineSerde, Settings settings) {
        Serde<String> s = Serdes.String();
        Duration dedupRetention = settings.dedupRetention();
        return List.of(
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(
                                VARIANCES, settings.adjustmentHistory(), settings.flushInterval(), false),
                        s,
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOG), s, s),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORPHAN_COMPENSATIONS), s, Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HELD), s, Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING), s, StateSerdes.pendingOrder()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PUSH_STATE), s, Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HARD_SYNCS), s, s),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POSITIONS), s, StateSerdes.position()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POSITION_DELTAS), s, StateSerdes.delta()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FACILITY_SKUS), s, Serdes.Boolean()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(THRESHOLDS), s, Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FACILITIES), s, Serdes.Boolean()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCOMING), s, Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MAPPINGS), s, StateSerdes.mapping()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ONLINE), s, onlineSerde),
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(
                                EVENT_IDS, dedupRetention.plusDays(1), Duration.ofMillis(1), false),
                        s,
                        Serdes.Long()));
    }

    static String[] atpStores() {
        return new String[] {
            POSITIONS,
            POSITION_DELTAS,
            FACILITY_SKUS,
            THRESHOLDS,
            FACILITIES,
            MAPPINGS,
            ONLINE,
            EVENT_IDS,
            ORPHAN_COMPENSATIONS,
            INCOMING
        };
    }

    static String[] pushStores() {
        return new String[] {VARIANCES, CATALOG, HELD, PENDING, PUSH_STATE, HARD_SYNCS, ONLINE, MAPPINGS};
    }

    public static String key(String a, String b) {
        return a + "|" + b;
    }

    public static String key(String a, String b, String c) {
        return a + "|" + b + "|" + c;
    }

    public static String key(String a, String b, String c, String d) {
        return a + "|" + b + "|" + c + "|" + d;
    }
}
