package io.atpsync.streams.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.ShopifyOrderStatus;
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
        assertThat(s.valid("{\"id\":2}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(s.valid(BODY, null)).isFalse();
        assertThat(s.valid(BODY, "not base64 !!")).isFalse();
        assertThatThrownBy(() -> new WebhookSignature(List.of())).hasMessageContaining("webhook secret");
    }

    @Test
    void shouldMapShopifysExampleLevelPayloadWithIdsBeyondTwoToTheFiftyThree() throws Exception {
        var json = new ObjectMapper().readTree(getClass().getResourceAsStream("/webhooks/inventory_levels-update.json"));
        ShopifyLevel level = (ShopifyLevel) WebhookPayloads.toRecord("inventory_levels/update", "s.myshopify.com", json).orElseThrow();
        assertThat(level.getInventoryItemId()).isEqualTo("gid://shopify/InventoryItem/271878346596884015");
        assertThat(level.getLocationId()).isEqualTo("gid://shopify/Location/24826418");
        assertThat(level.getAvailable()).isEqualTo(10);
        assertThat(level.getUpdatedAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
    }

    @Test
    void shouldMapAnOrderWithItsLines() throws Exception {
        var json = new ObjectMapper().readTree(getClass().getResourceAsStream("/webhooks/orders-create.json"));
        ShopifyOrder order = (ShopifyOrder) WebhookPayloads.toRecord("orders/create", "s.myshopify.com", json).orElseThrow();
        assertThat(order.getOrderId()).isEqualTo("820982911946154508");
        assertThat(order.getStatus()).isEqualTo(ShopifyOrderStatus.CREATED);
        assertThat(order.getLines()).extracting(l -> l.getSku() + "x" + l.getQuantity() + "@" + l.getShopifyLocationId())
                .containsExactly("IPOD2008BLACKx1@gid://shopify/Location/24826418", "IPOD2008GREENx2@gid://shopify/Location/24826418");
        assertThat(WebhookPayloads.toRecord("orders/cancelled", "s", json).map(r -> ((ShopifyOrder) r).getStatus()))
                .contains(ShopifyOrderStatus.CANCELLED);
        assertThat(WebhookPayloads.toRecord("app/uninstalled", "s", json)).isEmpty();
    }
}
