package io.atpsync.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.emulator.ShopifyEmulator;
import io.atpsync.shopify.retry.Backoff;
import io.atpsync.shopify.retry.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one Shopify client against the emulator (Shopify's real schema): retries, refusals, budget. */
class ShopifyClientIT {

    static final String SHOP = "client.myshopify.com";
    static final String TOKEN = "shpat_client_it";

    private ShopifyEmulator emulator;
    private EmulatorAdmin.Shop admin;
    private final AtomicInteger retries = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        emulator = new ShopifyEmulator(0);
        EmulatorAdmin root = new EmulatorAdmin(emulator.url());
        root.post(
                "/shops",
                Map.of(
                        "domain",
                        SHOP,
                        "plan",
                        "STANDARD",
                        "tokens",
                        List.of(Map.of("token", TOKEN, "scopes", List.of("read_inventory", "write_inventory")))));
        admin = root.shop(SHOP);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ShopifyClient client(String token) {
        ShopifyHttp http = new ShopifyHttp(Duration.ofSeconds(5));
        return new ShopifyClient(
                SHOP,
                ShopifyClient.graphqlUrl(emulator.url()),
                "STANDARD",
                http,
                AccessToken.of(http, token),
                new Backoff(20, 100),
                new ShopifyClient.Listener() {
                    @Override
                    public void retried() {
                        retries.incrementAndGet();
                    }
                });
    }

    @Test
    void shouldGetThroughServerErrorsWithTheSameCall() throws Exception {
        admin.put("/faults", Map.of("errorRate", 0.8, "seed", 1)); // seeded: the first answers are 5xx

        ShopifyClient.Call call =
                client(TOKEN).send(ShopifyDocuments.SCOPES, Map.of(), 2, System.currentTimeMillis() + 30_000);

        assertThat(call.verdict()).isInstanceOf(Verdict.Applied.class);
        assertThat(call.data().path("currentAppInstallation").path("accessScopes"))
                .isNotEmpty();
        long faults = admin.get("").path("stats").path("faults").asLong();
        assertThat(faults).isPositive();
        assertThat(retries.get()).as("every 5xx answer retried").isGreaterThanOrEqualTo((int) faults);
    }

    /**
     * Shopify names the version that served each call in {@code X-Shopify-API-Version} (shopify.dev, API versioning).
     */
    @Test
    void shouldKnowWhichApiVersionShopifyServed() throws Exception {
        ShopifyClient client = client(TOKEN);
        assertThat(client.servedApiVersion()).as("nothing answered yet").isEmpty();

        client.send(ShopifyDocuments.SCOPES, Map.of(), 2, System.currentTimeMillis() + 30_000);

        assertThat(client.servedApiVersion()).contains(ShopifyClient.VERSION);
    }

    /**
     * Shopify lists the deprecated fields a call used in {@code X-Shopify-API-Deprecated-Reason} (shopify.dev
     * changelog, 2025-04: "will return the list of detected deprecations"); {@code InventoryItem.variant} is deprecated
     * from 2026-01 for {@code variants} (the 2026-10 schema's deprecationReason).
     */
    @Test
    void shouldKeepTheDeprecationsShopifyReports() throws Exception {
        ShopifyClient client = client(TOKEN);

        client.send(ShopifyDocuments.SCOPES, Map.of(), 2, System.currentTimeMillis() + 30_000);
        assertThat(client.deprecations()).isEmpty();

        client.send(
                "{ inventoryItems(first: 1) { nodes { id variant { id } } } }",
                Map.of(),
                5,
                System.currentTimeMillis() + 30_000);
        assertThat(client.deprecations()).containsExactly("InventoryItem.variant");
    }

    @Test
    void shouldRefuseAWrongTokenAtOnceWithoutNamingIt() {
        assertThatThrownBy(() -> client("shpat_wrong")
                        .send(ShopifyDocuments.SCOPES, Map.of(), 2, System.currentTimeMillis() + 30_000))
                .isInstanceOf(ShopifyClient.Fatal.class)
                .hasMessageContaining(SHOP)
                .hasMessageContaining("401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("shpat_wrong"));
        assertThat(retries.get()).isZero();
    }

    @Test
    void shouldGiveUpAtTheDeadlineWhenShopifyKeepsFailing() throws Exception {
        admin.put("/faults", Map.of("errorRate", 1.0));

        assertThatThrownBy(() ->
                        client(TOKEN).send(ShopifyDocuments.SCOPES, Map.of(), 2, System.currentTimeMillis() + 1_000))
                .isInstanceOf(ShopifyClient.BudgetExhausted.class)
                .hasMessageContaining("retry budget");
    }
}
