package io.atpsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's order webhooks against Shopify's own example payloads ({@code shopify-examples/2026-07/}, from
 * shopify.dev's webhook reference; see the README there): every field it sends is a documented one, the fields ATP Sync
 * reads are present, and the quantities move as Shopify documents (available → committed at the fulfillment order's
 * location).
 */
class WebhookShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Shop.WebhookEvent> sent = new ArrayList<>();
    private Shop shop;
    private String web;
    private String store;
    private String item;

    @BeforeEach
    void setUp() {
        shop = new Shop("shape.myshopify.com", Plan.STANDARD, "secret", 1_000, sent::add);
        for (String topic : List.of(
                "orders/create",
                "orders/cancelled",
                "orders/updated",
                "orders/fulfilled",
                "fulfillment_orders/moved")) {
            shop.webhooks.subscribe(topic, "http://127.0.0.1:1/hook");
        }
        web = shop.addLocation("Web warehouse").id();
        store = shop.addLocation("Store 1").id();
        item = shop.addProduct("Tee", List.of("TEE-1")).get(0).inventoryItemId();
        shop.stock(item, web, 10);
        shop.stock(item, store, 5);
    }

    @Test
    void shouldSendAnOnlineOrderWithoutAnyLocationAsShopifyDoes() throws IOException {
        JsonNode body = JSON.valueToTree(
                shop.sales.order(501, "web", null, List.of(Map.of("sku", "TEE-1", "quantity", 2, "locationId", web))));
        JsonNode example = example("orders-create.json");

        assertThat(invented(body, example, ""))
                .as("fields Shopify's example does not have")
                .isEmpty();
        assertThat(body.path("location_id").isNull()).isTrue();
        assertThat(example.path("location_id").isNull())
                .as("Shopify's own online order")
                .isTrue();
        for (JsonNode line : body.path("line_items")) {
            assertThat(line.has("location_id")).isFalse();
            assertThat(line.path("sku").asText()).isEqualTo("TEE-1");
            assertThat(line.path("quantity").asLong()).isEqualTo(2);
        }
        for (String field : List.of(
                "id",
                "admin_graphql_api_id",
                "created_at",
                "updated_at",
                "cancelled_at",
                "source_name",
                "line_items")) {
            assertThat(body.has(field)).as(field).isTrue();
            assertThat(example.has(field)).as("documented: " + field).isTrue();
        }
        assertThat(sent).extracting(Shop.WebhookEvent::topic).containsExactly("orders/create");
    }

    @Test
    void shouldGiveAPosOrderItsStore() {
        JsonNode body =
                JSON.valueToTree(shop.sales.order(502, "pos", store, List.of(Map.of("sku", "TEE-1", "quantity", 1))));

        assertThat(body.path("source_name").asText()).isEqualTo("pos");
        assertThat(body.path("location_id").asText()).isEqualTo(Gid.number(store));
        assertThat(shop.sales.fulfillmentOrders(502))
                .singleElement()
                .extracting(Model.FulfillmentOrder::locationId)
                .isEqualTo(store);
    }

    @Test
    void shouldCommitTheOrderedUnitsAtTheFulfillmentOrdersLocationAndReleaseThemOnFulfilment() {
        shop.sales.order(
                503,
                "web",
                null,
                List.of(
                        Map.of("sku", "TEE-1", "quantity", 2, "locationId", web),
                        Map.of("sku", "TEE-1", "quantity", 1, "locationId", web)));
        assertThat(level(web)).containsExactly(7L, 10L, 3L); // available, on_hand, committed
        assertThat(shop.sales.fulfillmentOrders(503)).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo("OPEN");
            assertThat(f.lines())
                    .extracting(Model.FulfillmentOrderLine::remainingQuantity)
                    .containsExactly(2L, 1L);
        });

        shop.sales.fulfill(503);

        assertThat(level(web)).containsExactly(7L, 7L, 0L);
        assertThat(shop.sales.fulfillmentOrders(503))
                .singleElement()
                .extracting(Model.FulfillmentOrder::status)
                .isEqualTo("CLOSED");
    }

    @Test
    void shouldRestockACancelOnlyWhenAskedAndSayWhichInTheRefund() throws IOException {
        shop.sales.order(504, "web", null, List.of(Map.of("sku", "TEE-1", "quantity", 2, "locationId", web)));
        shop.sales.order(505, "web", null, List.of(Map.of("sku", "TEE-1", "quantity", 3, "locationId", web)));

        JsonNode restocked = JSON.valueToTree(shop.sales.cancel(504, true, "customer"));
        JsonNode kept = JSON.valueToTree(shop.sales.cancel(505, false, "fraud"));

        assertThat(level(web)).containsExactly(7L, 7L, 0L); // 504's 2 back; 505's 3 written off
        assertThat(invented(restocked, example("orders-cancelled.json"), "")).isEmpty();
        JsonNode refundExample = example("refunds-create.json");
        JsonNode refundLine =
                restocked.path("refunds").path(0).path("refund_line_items").path(0);
        assertThat(invented(restocked.path("refunds").path(0), refundExample, "refunds[]"))
                .isEmpty();
        assertThat(refundLine.path("restock_type").asText()).isEqualTo("cancel");
        assertThat(refundLine.path("location_id").asText()).isEqualTo(Gid.number(web));
        assertThat(kept.path("refunds")
                        .path(0)
                        .path("refund_line_items")
                        .path(0)
                        .path("restock_type")
                        .asText())
                .isEqualTo("no_restock");
        assertThat(kept.path("cancelled_at").isNull()).isFalse();
        assertThat(sent).extracting(Shop.WebhookEvent::topic).contains("orders/cancelled", "orders/updated");
    }

    @Test
    void shouldMoveTheCommittedUnitsWithAFulfillmentOrder() throws IOException {
        shop.sales.order(506, "web", null, List.of(Map.of("sku", "TEE-1", "quantity", 2, "locationId", web)));
        String fo = shop.sales.fulfillmentOrders(506).get(0).id();

        JsonNode moved = JSON.valueToTree(shop.sales.moveFulfillmentOrder(fo, store));

        assertThat(level(web)).containsExactly(10L, 10L, 0L);
        assertThat(level(store)).containsExactly(3L, 5L, 2L);
        assertThat(invented(moved, example("fulfillment_orders-moved.json"), ""))
                .isEmpty();
        assertThat(moved.path("original_fulfillment_order").path("status").asText())
                .isEqualTo("closed");
        assertThat(shop.sales.fulfillmentOrders(506))
                .extracting(Model.FulfillmentOrder::status)
                .containsExactly("CLOSED", "OPEN");
    }

    private List<Long> level(String location) {
        Model.Level l = shop.level(item, location).orElseThrow();
        return List.of(l.available(), l.onHand(), l.committed());
    }

    /**
     * Field paths in {@code body} that Shopify's example does not have (arrays compared element-wise with the example's
     * first).
     */
    static TreeSet<String> invented(JsonNode body, JsonNode example, String at) {
        TreeSet<String> out = new TreeSet<>();
        if (body.isObject()) {
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!example.has(name)) {
                    out.add(at + "." + name);
                } else {
                    out.addAll(invented(body.get(name), example.get(name), at + "." + name));
                }
            }
        } else if (body.isArray() && example.isArray() && example.size() > 0) {
            for (JsonNode element : body) {
                out.addAll(invented(element, example.get(0), at + "[]"));
            }
        }
        return out;
    }

    static JsonNode example(String name) throws IOException {
        try (InputStream in = WebhookShapeTest.class.getResourceAsStream("/shopify-examples/2026-07/" + name)) {
            return JSON.readTree(in).path("response");
        }
    }
}
