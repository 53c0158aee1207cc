package io.atpsync.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The emulator's shop data, as immutable records the GraphQL layer reads. */
final class Model {

    private Model() {}

    /** A location of a shop. */
    record Location(String id, String name, boolean isActive, boolean fulfillsOnlineOrders) {}

    /** A product variant with its one inventory item. */
    record Variant(String id, String productId, String title, String sku, String inventoryItemId) {}

    /** An inventory item. */
    record Item(String id, String sku, boolean tracked, String variantId, Instant createdAt) {}

    /** The quantities of an item at a location. */
    record Level(
            String itemId,
            String locationId,
            long available,
            long onHand,
            long committed,
            Instant createdAt,
            Instant updatedAt) {
        Level with(long available, long onHand, long committed, Instant at) {
            return new Level(itemId, locationId, available, onHand, committed, createdAt, at);
        }

        long quantity(String name) {
            return switch (name) {
                case "available" -> available;
                case "on_hand" -> onHand;
                case "committed" -> committed;
                default -> 0;
            };
        }
    }

    /** One quantity change inside an adjustment group. */
    record Change(String name, long delta, Long quantityAfterChange, String itemId, String locationId) {}

    /** An applied inventory mutation, as the shop's inventory history shows it. */
    record AdjustmentGroup(
            String id,
            Instant createdAt,
            String mutation,
            String reasonCode,
            String reason,
            String referenceDocumentUri,
            String idempotencyKey,
            List<Change> changes) {}

    /** What a token may do, and until when (null = no expiry). */
    record Token(String token, List<String> scopes, Instant expiresAt) {
        boolean valid(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /** An app that may use the client-credentials grant. */
    record Client(String clientId, String secret, List<String> scopes, long ttlSeconds) {}

    /** A webhook subscription. */
    record Subscription(String topic, String address) {}

    /**
     * One line of an order as Shopify's REST/webhook payload describes it ({@code line_items[]}): which variant and
     * SKU, how many. It carries no location: Shopify's fulfillment orders say where.
     */
    record LineItem(long id, String sku, String itemId, String variantId, long quantity) {}

    /**
     * An order. {@code sourceName} is "web" for the online store and "pos" for Shopify POS; only a POS order has a
     * {@code locationId} (the store it was sold in); an online order's is null.
     */
    record Order(
            long id,
            String name,
            String sourceName,
            String locationId,
            List<LineItem> lines,
            Instant createdAt,
            Instant updatedAt,
            Instant cancelledAt,
            String cancelReason,
            Boolean restocked,
            String fulfillmentStatus) {
        String gid() {
            return Gid.of("Order", id);
        }
    }

    /** One line of a fulfillment order: the order line, its item, and how much is still to fulfil there. */
    record FulfillmentOrderLine(
            String id, long lineItemId, String itemId, String sku, long totalQuantity, long remainingQuantity) {}

    /**
     * Shopify's FulfillmentOrder: the units of an order that one location must fulfil. Its location holds them as
     * {@code committed} while it is OPEN or IN_PROGRESS; CLOSED once fulfilled, moved away or cancelled.
     */
    record FulfillmentOrder(
            String id,
            long orderId,
            String locationId,
            String status,
            List<FulfillmentOrderLine> lines,
            Instant createdAt,
            Instant updatedAt,
            String closedBy) {
        /** What closed it: FULFILLED, CANCELLED or MOVED (null while it is open). */
        static final String FULFILLED = "FULFILLED";

        boolean holdsInventory() {
            return status.equals("OPEN") || status.equals("IN_PROGRESS");
        }
    }

    /** A JSON-ish view for the admin API. */
    static Map<String, Object> levelView(Level l, String sku) {
        return Map.of(
                "inventoryItemId",
                l.itemId(),
                "sku",
                sku == null ? "" : sku,
                "locationId",
                l.locationId(),
                "available",
                l.available(),
                "onHand",
                l.onHand(),
                "committed",
                l.committed(),
                "updatedAt",
                l.updatedAt().toString());
    }
}
