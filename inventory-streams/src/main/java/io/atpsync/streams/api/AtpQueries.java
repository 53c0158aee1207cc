package io.atpsync.streams.api;

import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.streams.hardsync.HardSyncStatus;
import io.atpsync.streams.state.MappingState;
import io.atpsync.streams.state.PositionState;
import io.atpsync.streams.state.ScheduledChange;
import io.atpsync.streams.state.StoreKeys;
import io.atpsync.streams.state.StoreKeys.CatalogEntry;
import io.atpsync.streams.state.StoreKeys.HardSyncTask;
import io.atpsync.streams.state.StoreKeys.HeldVariance;
import io.atpsync.streams.state.StoreKeys.PendingLine;
import io.atpsync.streams.state.StoreKeys.ScheduledFor;
import io.atpsync.streams.state.StoreKeys.SkuAtFacility;
import io.atpsync.streams.state.StoreKeys.SkuAtLocation;
import io.atpsync.streams.state.StoreKeys.Variance;
import io.atpsync.streams.topology.AtpStores;
import io.atpsync.streams.topology.FacilityBreakdown;
import io.atpsync.streams.topology.ShopifyPushProcessor;
import io.atpsync.streams.variance.PendingOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Interactive queries of online ATP: answered from this instance's store when it owns the SKU's partition, else fetched
 * from the instance that does (any instance answers for every SKU).
 */
public final class AtpQueries {

    /** The owner of a SKU cannot be determined right now (rebalancing, or not started). */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerInstances peers;

    public AtpQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
        this.peers = new PeerInstances(streams, self);
    }

    /** Every location's breakdown for {@code sku} (optionally one location), wherever it lives. */
    List<Map<String, Object>> forSku(String sku, String location, boolean localOnly) {
        KeyQueryMetadata owner = owner(AtpStores.ONLINE, sku);
        if (localOnly || owner.activeHost().equals(self)) {
            return local(sku, location);
        }
        return peers.fetch(
                owner.activeHost(),
                "/atp/" + PeerInstances.encode(sku) + "?local=true"
                        + (location == null ? "" : "&location=" + PeerInstances.encode(location)));
    }

    /** The per-window variances of {@code sku} (optionally at one location) over the adjustment history. */
    List<Map<String, Object>> history(String sku, String location, boolean localOnly) {
        KeyQueryMetadata owner = owner(AtpStores.VARIANCES, sku);
        if (!localOnly && !owner.activeHost().equals(self)) {
            return peers.fetch(
                    owner.activeHost(),
                    "/history/" + PeerInstances.encode(sku) + "?local=true"
                            + (location == null ? "" : "&location=" + PeerInstances.encode(location)));
        }
        ReadOnlyWindowStore<Variance, Long> store = localStore(AtpStores.VARIANCES, QueryableStoreTypes.windowStore());
        Long flushedUpTo = flushedUpTo(owner.partition());
        List<Map<String, Object>> result = new ArrayList<>();
        try (KeyValueIterator<Windowed<Variance>, Long> it =
                store.fetch(Variance.firstOf(sku), Variance.lastOf(sku), Instant.EPOCH, Instant.now())) {
            it.forEachRemaining(kv -> {
                if (kv.value != null
                        && kv.value != 0
                        && (location == null || location.equals(kv.key.key().location()))) {
                    result.add(OnlineAtpJson.variance(kv.key, kv.value, flushedUpTo));
                }
            });
        }
        return result;
    }

    /** How far the push processor of {@code partition} has pushed windows (null when that task is not here). */
    private Long flushedUpTo(int partition) {
        try {
            ReadOnlyKeyValueStore<String, Long> state = streams.store(StoreQueryParameters.fromNameAndType(
                            AtpStores.PUSH_STATE, QueryableStoreTypes.<String, Long>keyValueStore())
                    .withPartition(partition));
            return state.get(ShopifyPushProcessor.FLUSHED_UP_TO);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Variances held because the catalog does not know their SKU yet, from every instance. */
    List<Map<String, Object>> unmapped(boolean localOnly) {
        List<Map<String, Object>> result = new ArrayList<>();
        ReadOnlyKeyValueStore<HeldVariance, Long> store = kv(AtpStores.HELD);
        try (KeyValueIterator<HeldVariance, Long> it = store.all()) {
            it.forEachRemaining(kv -> {
                result.add(OnlineAtpJson.held(kv.key, kv.value));
            });
        }
        if (!localOnly) {
            for (HostInfo host : peers.others()) {
                result.addAll(peers.fetch(host, "/unmapped?local=true"));
            }
        }
        return result;
    }

    /** What each task did for a hard sync request, from every instance. */
    public List<Map<String, Object>> hardSync(String requestId, boolean localOnly) {
        List<Map<String, Object>> result = new ArrayList<>();
        ReadOnlyKeyValueStore<HardSyncTask, HardSyncStatus> store = kv(AtpStores.HARD_SYNCS);
        try (KeyValueIterator<HardSyncTask, HardSyncStatus> it =
                store.prefixScan(List.of(requestId), StoreKeys.leading())) {
            it.forEachRemaining(kv -> result.add(Map.of(
                    "partition",
                    String.valueOf(kv.key.partition()),
                    "status",
                    kv.value.summary(),
                    "targets",
                    kv.value.targets(),
                    "unmapped",
                    kv.value.unmapped(),
                    "cutAt",
                    kv.value.cutAt().toString())));
        }
        if (!localOnly) {
            for (HostInfo host : peers.others()) {
                result.addAll(peers.fetch(host, "/hard-sync/" + PeerInstances.encode(requestId) + "?local=true"));
            }
        }
        return result;
    }

    /**
     * What Shopify should show for every key of a shop (optionally one location), from every instance: online ATP,
     * pending Shopify orders, the target, and the catalog's inventory item.
     */
    List<Map<String, Object>> targets(String shop, String location, boolean localOnly) {
        ReadOnlyKeyValueStore<SkuAtLocation, OnlineAtp> onlineStore = kv(AtpStores.ONLINE);
        ReadOnlyKeyValueStore<CatalogEntry, String> catalog = kv(AtpStores.CATALOG);
        ReadOnlyKeyValueStore<PendingLine, PendingOrder> pending = kv(AtpStores.PENDING);
        List<Map<String, Object>> result = new ArrayList<>();
        try (KeyValueIterator<SkuAtLocation, OnlineAtp> it = onlineStore.all()) {
            it.forEachRemaining(kv -> {
                OnlineAtp a = kv.value;
                if (!a.getShop().equals(shop) || (location != null && !location.equals(a.getShopifyLocationId()))) {
                    return;
                }
                long pendingUnits = PendingViews.pendingUnits(pending, a.getSku(), a.getShopifyLocationId());
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("sku", a.getSku());
                row.put("shopifyLocationId", a.getShopifyLocationId());
                row.put("onlineAtp", a.getOnlineAtp());
                row.put("pendingShopifyOrders", pendingUnits);
                row.put("pendingShopifyOrdersWithoutLocation", PendingViews.pendingUnits(pending, a.getSku(), null));
                row.put("target", io.atpsync.streams.variance.Batches.target(a.getOnlineAtp(), pendingUnits));
                row.put("published", a.getPublished() == null ? "available" : a.getPublished()); // on_hand: vs on_hand
                row.put("inventoryItemId", catalog.get(new CatalogEntry(shop, a.getSku())));
                row.put("reservedOrders", PendingViews.reservedOrders(pending, a.getSku(), a.getShopifyLocationId()));
                result.add(row);
            });
        }
        if (!localOnly) {
            for (HostInfo host : peers.others()) {
                result.addAll(peers.fetch(
                        host,
                        "/targets?local=true&shop=" + PeerInstances.encode(shop)
                                + (location == null ? "" : "&location=" + PeerInstances.encode(location))));
            }
        }
        return result;
    }

    /** The instance whose store holds {@code sku}'s partition. */
    private KeyQueryMetadata owner(String store, String sku) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, sku, new StringSerializer());
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            throw new Unavailable(
                    "the owner of " + sku + " is not known yet (state " + streams.state() + "); retry shortly");
        }
        return owner;
    }

    /** The shops with mapped locations (every task holds every mapping: they are broadcast). */
    public java.util.Set<String> shops() {
        java.util.Set<String> shops = new java.util.TreeSet<>();
        try (var it = localStore(AtpStores.MAPPINGS, QueryableStoreTypes.<String, MappingState>keyValueStore())
                .all()) {
            it.forEachRemaining(kv -> shops.add(kv.value.shop()));
        }
        return shops;
    }

    private <T> T localStore(String name, org.apache.kafka.streams.state.QueryableStoreType<T> type) {
        return localStore(StoreQueryParameters.fromNameAndType(name, type));
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> kv(String name) {
        return localStore(name, QueryableStoreTypes.keyValueStore());
    }

    private <T> T localStore(StoreQueryParameters<T> parameters) {
        try {
            return streams.store(parameters);
        } catch (RuntimeException e) {
            throw new Unavailable("store " + parameters.storeName() + " is not queryable yet (" + e.getMessage()
                    + "); retry shortly");
        }
    }

    /**
     * The SKU's breakdowns from this instance's stores, each with what Shopify should show (online ATP minus pending
     * Shopify orders), the catalog's inventory item and Shopify's last reported level.
     */
    private List<Map<String, Object>> local(String sku, String location) {
        ReadOnlyKeyValueStore<SkuAtLocation, OnlineAtp> store = kv(AtpStores.ONLINE);
        ReadOnlyKeyValueStore<CatalogEntry, String> catalog = kv(AtpStores.CATALOG);
        ReadOnlyKeyValueStore<PendingLine, PendingOrder> pending = kv(AtpStores.PENDING);
        ReadOnlyKeyValueStore<String, ShopifyLevel> levels = shopifyLevels();
        ReadOnlyKeyValueStore<SkuAtFacility, PositionState> positions = kv(AtpStores.POSITIONS);
        ReadOnlyKeyValueStore<String, MappingState> mappings = kv(AtpStores.MAPPINGS);
        ReadOnlyKeyValueStore<String, Boolean> facilities = kv(AtpStores.FACILITIES);
        ReadOnlyKeyValueStore<ScheduledFor, ScheduledChange> scheduled = kv(AtpStores.SCHEDULED_BY_SKU);
        ReadOnlyKeyValueStore<StoreKeys.FacilityShop, String> shares = kv(AtpStores.FACILITY_SHARES);
        ReadOnlyKeyValueStore<String, String> kits = kv(AtpStores.KITS);
        ReadOnlyKeyValueStore<StoreKeys.KitPartKey, Long> kitParts = kv(AtpStores.KIT_PARTS);
        List<Map<String, Object>> result = new ArrayList<>();
        try (KeyValueIterator<SkuAtLocation, OnlineAtp> it = store.prefixScan(List.of(sku), StoreKeys.leading())) {
            it.forEachRemaining(kv -> {
                OnlineAtp a = kv.value;
                if (location != null && !location.equals(a.getShopifyLocationId())) {
                    return;
                }
                // The stored value carries no per-facility list: it is computed here from the same stores.
                var parts = FacilityBreakdown.query(
                        positions, mappings, facilities, shares, sku, a.getShopifyLocationId(), a);
                Map<String, Object> row = OnlineAtpJson.of(a, parts);
                row.put("kit", OnlineAtpJson.kit(FacilityBreakdown.kit(kits, kitParts, sku, a.getShopifyLocationId())));
                row.put(
                        "scheduled",
                        OnlineAtpJson.scheduled(
                                FacilityBreakdown.scheduled(scheduled, mappings, sku, a.getShopifyLocationId())));
                long pendingUnits = PendingViews.pendingUnits(pending, a.getSku(), a.getShopifyLocationId());
                row.put("pendingShopifyOrders", pendingUnits);
                // Online orders: Shopify's webhooks do not say where their units are committed (its fulfillment orders
                // do, and a hard sync reads them), so they are shown for the SKU, not counted at a location.
                row.put("pendingShopifyOrdersWithoutLocation", PendingViews.pendingUnits(pending, a.getSku(), null));
                row.put("target", io.atpsync.streams.variance.Batches.target(a.getOnlineAtp(), pendingUnits));
                String item = catalog.get(new CatalogEntry(a.getShop(), a.getSku()));
                row.put("inventoryItemId", item);
                ShopifyLevel level = item == null || levels == null
                        ? null
                        : levels.get(a.getShop() + "|" + item + "|" + a.getShopifyLocationId());
                row.put("shopifyAvailable", level == null ? null : level.getAvailable());
                row.put("shopifyUpdatedAt", level == null ? null : String.valueOf(level.getUpdatedAt()));
                result.add(row);
            });
        }
        return result;
    }

    /** Shopify's last reported levels (a global store), or null before it is restored. */
    private ReadOnlyKeyValueStore<String, ShopifyLevel> shopifyLevels() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(
                    AtpStores.SHOPIFY_LEVELS, QueryableStoreTypes.keyValueStore()));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
