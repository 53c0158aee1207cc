package io.atpsync.streams.topology;

import io.atpsync.schemas.OnlineAtp;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.state.ScheduledChange;
import io.atpsync.streams.state.StateSerdes;
import io.atpsync.streams.state.StoreKeys;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The persistent state stores of the two processors. Keys are the typed records of {@link StoreKeys} (their bytes, the
 * fields joined by {@code |}, shown here); values are Avro records or the versioned formats of {@link StateSerdes}.
 */
public final class AtpStores {

    /** {@code sku|facilityId} ({@link StoreKeys.SkuAtFacility}) → stock and settings of the SKU at the facility. */
    public static final String POSITIONS = "positions";
    /**
     * {@code sku|facilityId|time} ({@link StoreKeys.PositionDelta}) → qohDiff, atpDiff: a position's deltas within the
     * history horizon ({@link StoreDeltaLog}).
     */
    public static final String POSITION_DELTAS = "position-deltas";
    /** {@code facilityId|sku} ({@link StoreKeys.FacilityHolds}) → true: which SKUs a facility holds (fan-out). */
    public static final String FACILITY_SKUS = "facility-skus";
    /** {@code sku|facilityId|shipmentId} ({@link StoreKeys.ShipmentLine}) → units still expected on that line. */
    public static final String INCOMING = "incoming";
    /**
     * {@code sku|shopifyLocationId}, or {@code sku|*} for every location ({@link StoreKeys.SkuAtLocation}) → threshold.
     */
    public static final String THRESHOLDS = "thresholds";
    /** facilityId → sellsOnline (every task holds all facilities: they are broadcast). */
    public static final String FACILITIES = "facilities";
    /**
     * {@code facilityId|shop} ({@link StoreKeys.FacilityShop}) → ring-fenced share: {@code percent:N}, {@code units:N}
     * or {@code remainder} (broadcast too).
     */
    public static final String FACILITY_SHARES = "facility-shares";
    /** kitSku → its components, {@code sku:quantity;...} (broadcast too: {@link KitIndex}). */
    public static final String KITS = "kits";
    /**
     * {@code kitSku|shopifyLocationId|componentSku} ({@link StoreKeys.KitPartKey}) → the component's online ATP there,
     * held by the task that owns the kit.
     */
    public static final String KIT_PARTS = "kit-parts";
    /** shopifyLocationId → composition (broadcast too). */
    public static final String MAPPINGS = "location-mappings";
    /**
     * {@code sku|shopifyLocationId} ({@link StoreKeys.SkuAtLocation}) → the last online ATP emitted: change detection
     * and interactive queries.
     */
    public static final String ONLINE = "online-atp";
    /**
     * {@code location|sku|reason} ({@link StoreKeys.OrphanCompensation}) → compensation for a SHOPIFY order at a
     * location whose mapping has not arrived yet.
     */
    public static final String ORPHAN_COMPENSATIONS = "orphan-compensations";
    /** {@code time|eventId} ({@link StoreKeys.ScheduledAt}) → a future-dated event, held until its effectiveAt. */
    public static final String SCHEDULED = "scheduled-events";
    /**
     * {@code sku|facilityId|time|eventId} ({@link StoreKeys.ScheduledFor}) → the same event as the breakdown shows it.
     */
    public static final String SCHEDULED_BY_SKU = "scheduled-by-sku";
    /** eventId → seen, windowed by arrival time: duplicate detection. */
    public static final String EVENT_IDS = "event-ids";

    /**
     * {@code sku|shop|location|reason} ({@link StoreKeys.Variance}) → summed variance, in tumbling windows of the flush
     * interval: the adjustment history.
     */
    public static final String VARIANCES = "variances";
    /** {@code shop|sku} ({@link StoreKeys.CatalogEntry}) → Shopify inventory item gid. */
    public static final String CATALOG = "catalog";
    /**
     * {@code shop|sku|location|reason} ({@link StoreKeys.HeldVariance}) → variance held until the catalog knows the
     * SKU.
     */
    public static final String HELD = "held-variances";
    /** {@code sku|orderId} ({@link StoreKeys.PendingLine}) → a Shopify order line and how much the OMS has reserved. */
    public static final String PENDING = "pending-shopify-orders";
    /** {@code seq}, {@code flushed-up-to}, {@code incarnation} → the push processor's counters ({@link PushState}). */
    public static final String PUSH_STATE = "push-state";
    /** {@code requestId|partition} ({@link StoreKeys.HardSyncTask}) → what the task did for it (a HardSyncStatus). */
    public static final String HARD_SYNCS = "hard-syncs";

    /**
     * {@code shop|inventoryItemId|locationId} → Shopify's last reported level (a global store: every instance has all).
     */
    public static final String SHOPIFY_LEVELS = "shopify-levels";

    private AtpStores() {}

    static List<StoreBuilder<?>> builders(Serde<OnlineAtp> onlineSerde, Settings settings) {
        Serde<String> s = Serdes.String();
        Duration dedupRetention = settings.dedupRetention();
        return List.of(
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(
                                VARIANCES, settings.adjustmentHistory(), settings.flushInterval(), false),
                        StoreKeys.variance(),
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOG), StoreKeys.catalogEntry(), s),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ORPHAN_COMPENSATIONS),
                        StoreKeys.orphanCompensation(),
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HELD), StoreKeys.heldVariance(), Serdes.Long()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PENDING), StoreKeys.pendingLine(), StateSerdes.pendingOrder()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PUSH_STATE), s, Serdes.Long()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HARD_SYNCS),
                        StoreKeys.hardSyncTask(),
                        StateSerdes.hardSyncStatus()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(POSITIONS), StoreKeys.skuAtFacility(), StateSerdes.position()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(POSITION_DELTAS),
                        StoreKeys.positionDelta(),
                        StateSerdes.delta()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FACILITY_SKUS), StoreKeys.facilityHolds(), Serdes.Boolean()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(THRESHOLDS), StoreKeys.skuAtLocation(), Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FACILITIES), s, Serdes.Boolean()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(INCOMING), StoreKeys.shipmentLine(), Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MAPPINGS), s, StateSerdes.mapping()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FACILITY_SHARES), StoreKeys.facilityShop(), s),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KITS), s, s),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(KIT_PARTS), StoreKeys.kitPart(), Serdes.Long()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ONLINE), StoreKeys.skuAtLocation(), onlineSerde),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SCHEDULED), StoreKeys.scheduledAt(), Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SCHEDULED_BY_SKU),
                        StoreKeys.scheduledFor(),
                        ScheduledChange.serde()),
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
            INCOMING,
            SCHEDULED,
            SCHEDULED_BY_SKU,
            FACILITY_SHARES,
            KITS,
            KIT_PARTS
        };
    }

    static String[] pushStores() {
        return new String[] {VARIANCES, CATALOG, HELD, PENDING, PUSH_STATE, HARD_SYNCS, ONLINE, MAPPINGS, KITS};
    }

    /**
     * A record key of the output topics ({@code atp.online}: {@code location|sku}; {@code atp.adjustments}:
     * {@code shop|location}) and of the causes shown in a breakdown; store keys are {@link StoreKeys}.
     */
    public static String key(String a, String b) {
        return a + "|" + b;
    }
}
