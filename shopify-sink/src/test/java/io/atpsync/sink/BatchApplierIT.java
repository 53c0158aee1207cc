package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink's Shopify calls against the emulator on Shopify's real 2026-10 schema. */
class BatchApplierIT {

    private EmulatedShop shop;
    private int seq;

    @BeforeEach
    void start() throws Exception {
        shop = new EmulatedShop(List.of("A", "B", "C"), 10);
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    private BatchApplier applier(Map<String, String> config) {
        ShopifySinkConfig c = new ShopifySinkConfig(config);
        ShopifyHttp http = new ShopifyHttp(Duration.ofMillis(c.getInt(ShopifySinkConfig.REQUEST_TIMEOUT_MS)));
        return new BatchApplier(c, http, c.token(http), new SinkMetrics(null));
    }

    private BatchApplier applier() {
        return applier(shop.connectorConfig(EmulatedShop.TOKEN));
    }

    private AdjustmentBatch batch(AdjustmentKind kind, Object... skuAndQuantity) {
        List<AdjustmentChange> changes = new ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            String sku = (String) skuAndQuantity[i];
            String item = sku.startsWith("gid://") ? sku : shop.item(sku);
            changes.add(new AdjustmentChange(
                    item, sku, ((Number) skuAndQuantity[i + 1]).longValue(), null, List.of(), List.of()));
        }
        return new AdjustmentBatch(
                "it-e0-p0-" + (++seq),
                EmulatedShop.SHOP,
                shop.location,
                kind,
                "correction",
                changes,
                Instant.now(),
                Instant.now(),
                null,
                null,
                null);
    }

    @Test
    void shouldAdjustOnceEvenWhenTheSameBatchIsAppliedAgain() throws Exception {
        AdjustmentBatch b = batch(AdjustmentKind.ADJUST, "A", -4, "B", 2);
        BatchApplier applier = applier();

        assertThat(applier.apply(b).refused()).isEmpty();
        assertThat(applier.apply(b).refused()).isEmpty(); // a redelivery after a crash

        assertThat(shop.available("A")).isEqualTo(6);
        assertThat(shop.available("B")).isEqualTo(12);
        assertThat(shop.history()).hasSize(1);
        assertThat(shop.history().get(0).path("idempotencyKey").asText()).isEqualTo(b.getBatchId());
        assertThat(shop.history().get(0).path("referenceDocumentUri").asText())
                .isEqualTo("gid://atp-sync/AdjustmentBatch/" + b.getBatchId());
    }

    @Test
    void shouldSetAsideItemsShopifyRefusesAndApplyTheRest() throws Exception {
        String unstocked = shop.unstockedItem("U");
        AdjustmentBatch b =
                batch(AdjustmentKind.ADJUST, "A", -1, unstocked, 5, "gid://shopify/InventoryItem/42", 1, "C", 3);

        BatchApplier.Outcome outcome = applier().apply(b);

        assertThat(outcome.refused())
                .extracting(BatchApplier.Refused::code)
                .containsExactlyInAnyOrder("INVALID_LOCATION", "INVALID_INVENTORY_ITEM");
        assertThat(outcome.refused())
                .extracting(r -> r.change().getInventoryItemId())
                .contains(unstocked);
        assertThat(shop.available("A")).isEqualTo(9);
        assertThat(shop.available("C")).isEqualTo(13);
        assertThat(shop.history()).hasSize(1);
        assertThat(shop.history().get(0).path("idempotencyKey").asText()).startsWith(b.getBatchId() + "/without-");
    }

    @Test
    void shouldSetTargetsWithCompareAndSwapAndSkipItemsAlreadyRight() throws Exception {
        AdjustmentBatch b = batch(AdjustmentKind.SET, "A", 95, "B", 10, "C", 0);

        assertThat(applier().apply(b).refused()).isEmpty();

        assertThat(shop.available("A")).isEqualTo(95);
        assertThat(shop.available("B")).isEqualTo(10);
        assertThat(shop.available("C")).isEqualTo(0);
        assertThat(shop.history()).hasSize(1);
        assertThat(shop.history().get(0).path("changes")).hasSize(4); // A and C, each available + on_hand
    }

    @Test
    void shouldReachEveryTargetThroughTwentyPercentServerErrorsAndTimeouts() throws Exception {
        shop.admin(
                "PUT",
                "/shops/" + EmulatedShop.SHOP + "/faults",
                Map.of(
                        "errorRate",
                        0.2,
                        "timeoutRate",
                        0.05,
                        "dropRate",
                        0.05,
                        "timeoutDelayMillis",
                        1500,
                        "seed",
                        11));
        Map<String, String> config = new java.util.HashMap<>(shop.connectorConfig(EmulatedShop.TOKEN));
        config.put(ShopifySinkConfig.REQUEST_TIMEOUT_MS, "1000");
        BatchApplier applier = applier(config);
        long expectedA = 10;
        for (int i = 0; i < 30; i++) {
            int delta = i % 2 == 0 ? -1 : 3;
            expectedA += delta;
            applier.apply(batch(AdjustmentKind.ADJUST, "A", delta));
        }
        applier.apply(batch(AdjustmentKind.SET, "B", 77));

        assertThat(shop.available("A")).isEqualTo(expectedA);
        assertThat(shop.available("B")).isEqualTo(77);
        assertThat(shop.stats().path("faults").asLong()).isPositive();
        assertThat(shop.stats().path("idempotentReplays").asLong())
                .as("retries after lost responses were replays")
                .isPositive();
    }

    @Test
    void shouldWaitForTheBucketInsteadOfBeingThrottled() throws Exception {
        shop.admin("PUT", "/shops/" + EmulatedShop.SHOP + "/bucket", Map.of("currentlyAvailable", 0));
        BatchApplier applier = applier();
        long t0 = System.nanoTime();
        applier.apply(batch(AdjustmentKind.ADJUST, "A", -1));
        for (int i = 0; i < 5; i++) {
            applier.apply(batch(AdjustmentKind.ADJUST, "A", -1));
        }
        assertThat(shop.available("A")).isEqualTo(4);
        assertThat(shop.stats().path("throttled").asLong())
                .as("throttled at most once, before the model learned the bucket")
                .isLessThanOrEqualTo(1);
        assertThat(System.nanoTime() - t0).isGreaterThan(Duration.ofMillis(300).toNanos());
    }

    @Test
    void shouldStopLoudlyWithoutWriteInventoryAndApplyNothing() throws Exception {
        assertThatThrownBy(() -> applier(shop.connectorConfig(EmulatedShop.READ_ONLY))
                        .apply(batch(AdjustmentKind.ADJUST, "A", -1)))
                .isInstanceOf(ShopifyClient.Fatal.class)
                .hasMessageContaining(EmulatedShop.SHOP)
                .hasMessageContaining("write_inventory")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(EmulatedShop.READ_ONLY));
        assertThat(shop.available("A")).isEqualTo(10);
    }

    @Test
    void shouldStopOnAnInvalidTokenWithoutNamingIt() {
        assertThatThrownBy(
                        () -> applier(shop.connectorConfig("shpat_wrong")).apply(batch(AdjustmentKind.ADJUST, "A", -1)))
                .isInstanceOf(ShopifyClient.Fatal.class)
                .hasMessageContaining("401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("shpat_wrong"));
    }

    @Test
    void shouldRefreshAnExpiredClientCredentialsTokenAndCarryOn() throws Exception {
        BatchApplier applier = applier(clientCredentials("atp-sync-app", "s3cret", "s3cret"));
        applier.apply(batch(AdjustmentKind.ADJUST, "A", -1));

        shop.admin("POST", "/shops/" + EmulatedShop.SHOP + "/expire-tokens", Map.of());
        applier.apply(batch(AdjustmentKind.ADJUST, "A", -1));

        assertThat(shop.available("A")).isEqualTo(8);
    }

    /**
     * Chaos R4 stopped a task this way: every token expired while Shopify answered 5xx, the refresh hit a 5xx and the
     * 401 was then taken as final. A grant that fails for now is retried with backoff like any other call.
     */
    @Test
    void shouldRetryATokenRefreshThatFailsForNowAndCarryOn() throws Exception {
        BatchApplier applier = applier(clientCredentials("atp-sync-app-3", "s3cret", "s3cret"));
        applier.apply(batch(AdjustmentKind.ADJUST, "A", -1));
        shop.admin("POST", "/shops/" + EmulatedShop.SHOP + "/expire-tokens", Map.of());
        shop.admin(
                "PUT", "/shops/" + EmulatedShop.SHOP + "/faults", Map.of("failGrants", 2)); // the next two grants: 503

        applier.apply(batch(AdjustmentKind.ADJUST, "A", -1));

        assertThat(shop.available("A")).isEqualTo(8);
        assertThat(shop.admin("GET", "/shops/" + EmulatedShop.SHOP, null)
                        .path("stats")
                        .path("faults")
                        .asLong())
                .as("both failing grants were met")
                .isEqualTo(2);
    }

    @Test
    void shouldStopAtOnceWhenTheShopRefusesTheClientCredentialsGrant() throws Exception {
        Map<String, String> config = clientCredentials("atp-sync-app-2", "right-secret", "wrong-secret");

        // Fatal, not BudgetExhausted: a refused grant is not retried until the budget runs out
        assertThatThrownBy(() -> applier(config).apply(batch(AdjustmentKind.ADJUST, "A", -1)))
                .isInstanceOf(ShopifyClient.Fatal.class)
                .hasMessageContaining("refused (HTTP 400)")
                .hasMessageContaining("shopify.client.secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret"));
        assertThat(shop.available("A")).isEqualTo(10);
    }

    /**
     * A client-credentials app registered with {@code secret}, and a connector config that presents {@code presented}.
     */
    private Map<String, String> clientCredentials(String clientId, String secret, String presented) throws Exception {
        shop.admin(
                "POST",
                "/shops/" + EmulatedShop.SHOP + "/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "secret",
                        secret,
                        "scopes",
                        List.of("read_inventory", "write_inventory", "read_merchant_managed_fulfillment_orders"),
                        "ttlSeconds",
                        3600));
        Map<String, String> config = new java.util.HashMap<>(shop.connectorConfig(EmulatedShop.TOKEN));
        config.remove(ShopifySinkConfig.ACCESS_TOKEN);
        config.put(ShopifySinkConfig.CLIENT_ID, clientId);
        config.put(ShopifySinkConfig.CLIENT_SECRET, presented);
        return config;
    }
}
