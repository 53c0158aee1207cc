package io.atpsync.sink;

/** Every GraphQL document the sink sends (tests validate each against Shopify's real schema). */
final class ShopifyDocuments {

    private ShopifyDocuments() {
    }

    static final String ADJUST = """
            mutation AtpSyncAdjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
              inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { id }
                userErrors { field message code }
              }
            }""";

    static final String SET = """
            mutation AtpSyncSet($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { id }
                userErrors { field message code }
              }
            }""";

    /** The current {@code available} of up to 250 items at one location: the compare-and-swap source. */
    static final String READ_AVAILABLE = """
            query AtpSyncRead($ids: [ID!]!, $location: ID!) {
              nodes(ids: $ids) {
                ... on InventoryItem { id inventoryLevel(locationId: $location) { quantities(names: ["available"]) { name quantity } } }
              }
            }""";

    /** Costs the pacer assumes before the first response reports the real ones. */
    static final double MUTATION_COST = 12;

    static double readCost(int items) {
        return items * 3.0;
    }
}
