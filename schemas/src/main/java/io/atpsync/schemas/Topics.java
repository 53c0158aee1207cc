package io.atpsync.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every topic of the ATP Sync contract (DESIGN.md, "Topics"): the only place a topic name is spelled. An instance may
 * prefix every name, so tests and parallel environments never share topics.
 */
public final class Topics {

    public static final String COMPACT = "compact";
    public static final String DELETE = "delete";
    private static final long THIRTY_DAYS = Duration.ofDays(30).toMillis();
    private static final long SEVEN_DAYS = Duration.ofDays(7).toMillis();

    /** The production names. */
    public static final Topics DEFAULT = new Topics("");

    private final String prefix;

    public Topics(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public Topic<InventoryEvent> inventoryEvents() {
        return new Topic<>(prefix + "inventory.events", InventoryEvent.class, DELETE, THIRTY_DAYS, e -> e.getSku());
    }

    public Topic<Facility> facilities() {
        return new Topic<>(prefix + "inventory.facilities", Facility.class, COMPACT, -1, f -> f.getFacilityId());
    }

    public Topic<ProductFacility> productFacility() {
        return new Topic<>(
                prefix + "inventory.product-facility",
                ProductFacility.class,
                COMPACT,
                -1,
                p -> p.getSku() + "|" + p.getFacilityId());
    }

    public Topic<LocationMapping> locationMappings() {
        return new Topic<>(
                prefix + "inventory.location-mappings",
                LocationMapping.class,
                COMPACT,
                -1,
                m -> m.getShopifyLocationId());
    }

    public Topic<ProductThreshold> thresholds() {
        return new Topic<>(
                prefix + "inventory.thresholds",
                ProductThreshold.class,
                COMPACT,
                -1,
                t -> t.getShopifyLocationId() == null ? t.getSku() : t.getSku() + "|" + t.getShopifyLocationId());
    }

    /** Expected inbound shipment lines; a tombstone removes a line. */
    public Topic<InboundShipmentLine> shipments() {
        return new Topic<>(
                prefix + "inventory.shipments",
                InboundShipmentLine.class,
                COMPACT,
                -1,
                s -> s.getShipmentId() + "|" + s.getFacilityId() + "|" + s.getSku());
    }

    /** Ring-fencing: a facility's share per shop ({@link FacilityShare}); a tombstone removes one. */
    public Topic<FacilityShare> facilityShares() {
        return new Topic<>(
                prefix + "inventory.facility-shares",
                FacilityShare.class,
                COMPACT,
                -1,
                s -> s.getFacilityId() + "|" + s.getShop());
    }

    /** Kits and bundles ({@link Kit}); a tombstone removes one. */
    public Topic<Kit> kits() {
        return new Topic<>(prefix + "inventory.kits", Kit.class, COMPACT, -1, k -> k.getKitSku());
    }

    /**
     * The Streams app's hand-over of component online ATP to the task owning the kit ({@link KitPart}): read and
     * written by the app itself, with as many partitions as {@code inventory.events}.
     */
    public Topic<KitPart> kitParts() {
        return new Topic<>(prefix + "atp.kit-parts", KitPart.class, DELETE, SEVEN_DAYS, p -> p.getKitSku());
    }

    public Topic<CatalogItem> catalog() {
        return new Topic<>(
                prefix + "shopify.catalog", CatalogItem.class, COMPACT, -1, c -> c.getShop() + "|" + c.getSku());
    }

    public Topic<ShopifyOrder> shopifyOrders() {
        return new Topic<>(
                prefix + "shopify.orders",
                ShopifyOrder.class,
                DELETE,
                SEVEN_DAYS,
                o -> o.getShop() + "|" + o.getOrderId());
    }

    public Topic<ShopifyLevel> shopifyLevels() {
        return new Topic<>(
                prefix + "shopify.inventory-levels",
                ShopifyLevel.class,
                COMPACT,
                -1,
                l -> l.getShop() + "|" + l.getInventoryItemId() + "|" + l.getLocationId());
    }

    public Topic<HardSyncRequest> control() {
        return new Topic<>(prefix + "atp.control", HardSyncRequest.class, DELETE, SEVEN_DAYS, r -> null);
    }

    public Topic<OnlineAtp> onlineAtp() {
        return new Topic<>(
                prefix + "atp.online", OnlineAtp.class, COMPACT, -1, a -> a.getShopifyLocationId() + "|" + a.getSku());
    }

    public Topic<AdjustmentBatch> adjustments() {
        return new Topic<>(
                prefix + "atp.adjustments",
                AdjustmentBatch.class,
                DELETE,
                SEVEN_DAYS,
                b -> b.getShop() + "|" + b.getShopifyLocationId());
    }

    /** Every Avro contract topic. */
    public List<Topic<?>> all() {
        return List.of(
                inventoryEvents(),
                facilities(),
                productFacility(),
                locationMappings(),
                thresholds(),
                shipments(),
                facilityShares(),
                kits(),
                kitParts(),
                catalog(),
                shopifyOrders(),
                shopifyLevels(),
                control(),
                onlineAtp(),
                adjustments());
    }

    /** The dead-letter topic of a topic: original bytes, the reason in headers. */
    public String dlq(Topic<?> topic) {
        return topic.name() + ".dlq";
    }

    /** Every DLQ topic. */
    public List<String> dlqs() {
        return List.of(dlq(inventoryEvents()), dlq(adjustments()));
    }

    public Optional<Topic<?>> byName(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
