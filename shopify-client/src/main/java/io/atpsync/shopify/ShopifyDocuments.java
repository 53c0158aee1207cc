package io.atpsync.shopify;

/** Every GraphQL document the sink sends, the audit's reads too (tests validate each against Shopify's real schema). */
public final class ShopifyDocuments {

    private ShopifyDocuments() {}

    public static final String ADJUST = """
            mutation AtpSyncAdjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
              inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { id }
                userErrors { field message code }
              }
            }""";

    public static final String SET = """
            mutation AtpSyncSet($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { id }
                userErrors { field message code }
              }
            }""";

    /** The current {@code available} of up to 250 items at one location: the compare-and-swap source. */
    public static final String READ_AVAILABLE = """
            query AtpSyncRead($ids: [ID!]!, $location: ID!) {
              nodes(ids: $ids) {
                ... on InventoryItem { id inventoryLevel(locationId: $location) {
                  quantities(names: ["available"]) { name quantity } } }
              }
            }""";

    /** {@code available} and {@code committed} of up to 250 items at one location: an order-aware SET's first read. */
    public static final String READ_LEVELS = """
            query AtpSyncReadLevels($ids: [ID!]!, $location: ID!) {
              nodes(ids: $ids) {
                ... on InventoryItem { id inventoryLevel(locationId: $location) {
                  quantities(names: ["available", "committed", "on_hand"]) { name quantity } } }
              }
            }""";

    /**
     * The open fulfillment orders assigned to a location (query {@code assigned_location_id:N}; closed ones are left
     * out by default), a page at a time: which orders hold the location's committed units.
     */
    public static final String OPEN_FULFILLMENT_ORDERS = """
            query AtpSyncOpenOrders($query: String!, $after: String, $first: Int!) {
              fulfillmentOrders(first: $first, after: $after, query: $query) {
                nodes { id orderId status updatedAt
                  lineItems(first: 3) {
                    nodes { inventoryItemId remainingQuantity totalQuantity } pageInfo { hasNextPage endCursor } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    /**
     * The fulfillment orders matching {@code query}, open or closed (e.g. {@code assigned_location_id:N
     * updated_at:>='T'}: those updated since T), each with what closed it if closed: a fulfillment (shipped), the
     * order's cancel, or neither (moved to another location). The {@code updated_at} filter is documented for
     * {@code QueryRoot.fulfillmentOrders} in the 2026-10 schema.
     */
    public static final String FULFILLMENT_ORDER_CHANGES = """
            query AtpSyncOrderChanges($query: String!, $after: String, $first: Int!) {
              fulfillmentOrders(first: $first, after: $after, query: $query, includeClosed: true) {
                nodes { id orderId status updatedAt
                  fulfillments(first: 1) { nodes { id } }
                  order { id cancelledAt }
                  lineItems(first: 3) {
                    nodes { inventoryItemId remainingQuantity totalQuantity } pageInfo { hasNextPage endCursor } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    public static double orderChangesCost(int first) {
        return 2 + first * 16.0;
    }

    /** Whether a cancelled order's units were restocked (asked only for the rare order cancelled since the cut). */
    public static final String ORDER_RESTOCK = """
            query AtpSyncOrderRestock($id: ID!) {
              node(id: $id) {
                ... on Order { refunds(first: 5) { refundLineItems(first: 10) { nodes { restockType } } } } }
            }""";

    /** The further line items of one fulfillment order with more than a page of them. */
    public static final String FULFILLMENT_ORDER_LINES = """
            query AtpSyncOrderLines($id: ID!, $after: String) {
              node(id: $id) {
                ... on FulfillmentOrder { lineItems(first: 100, after: $after) {
                  nodes { inventoryItemId remainingQuantity totalQuantity } pageInfo { hasNextPage endCursor } } }
              }
            }""";

    /** The token's granted scopes. */
    public static final String SCOPES = """
            query AtpSyncScopes { currentAppInstallation { accessScopes { handle } } }""";

    /** Costs the pacer assumes before the first response reports the real ones. */
    public static final double MUTATION_COST = 12;

    public static double readCost(int items) {
        return items * 3.0;
    }

    public static double openOrdersCost(int first) {
        return 2 + first * 10.0;
    }

    /**
     * A fulfillment-order document ({@link #OPEN_FULFILLMENT_ORDERS}, {@link #FULFILLMENT_ORDER_CHANGES}) that also
     * names each one's assigned location, to read every location's orders of a shop at once (a query without
     * {@code assigned_location_id}). {@code FulfillmentOrder.assignedLocation.location} is in the 2026-10 schema; it
     * costs {@link #ASSIGNED_LOCATION_COST} more points a fulfillment order.
     */
    public static String withAssignedLocation(String document) {
        String nodes = "nodes { id orderId status updatedAt";
        if (!document.contains(nodes)) {
            throw new IllegalArgumentException("not a fulfillment-order document: " + document);
        }
        return document.replace(nodes, nodes + " assignedLocation { location { id } }");
    }

    public static final int ASSIGNED_LOCATION_COST = 2;

    /** The shop-specific webhook subscriptions (up to 100) of the given topics. */
    public static final String WEBHOOK_SUBSCRIPTIONS = """
            query AtpSyncWebhooks($topics: [WebhookSubscriptionTopic!]) {
              webhookSubscriptions(first: 100, topics: $topics) { nodes { id topic uri } }
            }""";

    public static final String WEBHOOK_SUBSCRIPTION_CREATE = """
            mutation AtpSyncWebhookCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
              webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri}) {
                webhookSubscription { id topic uri }
                userErrors { field message }
              }
            }""";

    public static final String WEBHOOK_SUBSCRIPTION_UPDATE = """
            mutation AtpSyncWebhookUpdate($id: ID!, $uri: String!) {
              webhookSubscriptionUpdate(id: $id, webhookSubscription: {uri: $uri}) {
                webhookSubscription { id topic uri }
                userErrors { field message }
              }
            }""";
}
