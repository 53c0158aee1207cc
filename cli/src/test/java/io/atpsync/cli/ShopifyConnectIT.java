package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.emulator.ShopifyEmulator;
import io.atpsync.testing.Await;
import io.atpsync.testing.CommandRun;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code shopify connect} on the emulator (Shopify's 2026-10 schema): scopes checked with
 * {@code currentAppInstallation.accessScopes}, the bridge's topics subscribed with {@code webhookSubscriptionCreate}
 * (shop-specific subscriptions through the Admin API; compliance topics only through the app's configuration, per
 * shopify.dev's webhooks reference), and a webhook of a created subscription delivered where it says.
 */
class ShopifyConnectIT {

    private static final String SHOP = "connect.myshopify.com";
    private static final String FULL = "shpat_connect_full";
    private static final String NARROW = "shpat_connect_narrow";

    private ShopifyEmulator emulator;
    private HttpServer bridge;
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        emulator = new ShopifyEmulator(0);
        admin(
                "POST",
                "/shops",
                Map.of(
                        "domain",
                        SHOP,
                        "plan",
                        "STANDARD",
                        "webhookSecret",
                        "s",
                        "tokens",
                        List.of(
                                Map.of(
                                        "token",
                                        FULL,
                                        "scopes",
                                        List.of(
                                                "write_inventory",
                                                "read_merchant_managed_fulfillment_orders",
                                                "read_orders",
                                                "read_products")),
                                Map.of("token", NARROW, "scopes", List.of("read_inventory")))));
        bridge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bridge.createContext("/", ex -> {
            delivered.add(ex.getRequestHeaders().getFirst("X-Shopify-Topic") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        bridge.start();
    }

    @AfterEach
    void stop() {
        bridge.stop(0);
        emulator.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + bridge.getAddress().getPort() + path;
    }

    private CommandRun connect(String token, String webhookUrl, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of(
                "shopify",
                "connect",
                "--shop",
                SHOP,
                "--shop-url",
                emulator.url(),
                "--token",
                token,
                "--webhook-url",
                webhookUrl));
        a.addAll(List.of(more));
        return CliRun.of(a.toArray(String[]::new));
    }

    @Test
    void shouldSubscribeTheBridgeOnceAndDeliverItsWebhooksThere() throws Exception {
        String hook = url("/webhooks/shopify");

        CommandRun first = connect(FULL, hook);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.out())
                .contains("Shopify serves Admin API 2026-10")
                .contains("every scope ATP Sync needs is granted")
                .contains("compliance_topics = [ \"customers/data_request\", \"customers/redact\", \"shop/redact\" ]")
                .contains("deprecations: none reported");
        for (String topic : ShopifyConnectCommand.TOPICS) {
            assertThat(first.out()).containsPattern(topic + " +created \\(gid://shopify/WebhookSubscription/\\d+\\)");
        }

        CommandRun again = connect(FULL, hook);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.out()).doesNotContain("created").contains("already subscribed");
        assertThat(subscriptions()).hasSize(ShopifyConnectCommand.TOPICS.size());

        // a shopper's order: Shopify sends orders/create to the subscription's URI
        JsonNode variant = admin("POST", "/shops/" + SHOP + "/products", Map.of("title", "T", "skus", List.of("C-1")))
                .get(0);
        String sku = variant.path("sku").asText();
        String location = admin("POST", "/shops/" + SHOP + "/locations", Map.of("name", "Store"))
                .path("id")
                .asText();
        admin(
                "PUT",
                "/shops/" + SHOP + "/levels",
                Map.of(
                        "levels",
                        List.of(Map.of(
                                "inventoryItemId",
                                variant.path("inventoryItemId").asText(),
                                "locationId",
                                location,
                                "available",
                                5))));
        admin(
                "POST",
                "/shops/" + SHOP + "/orders",
                Map.of(
                        "sourceName",
                        "web",
                        "lines",
                        List.of(Map.of("sku", sku, "quantity", 1, "locationId", location))));
        Await.until(
                "orders/create delivered to the bridge",
                Duration.ofSeconds(20),
                () -> delivered.stream().anyMatch(d -> d.startsWith("orders/create ")));
    }

    @Test
    void shouldMoveTheSubscriptionsWhenTheBridgeMoves() throws Exception {
        assertThat(connect(FULL, url("/webhooks/shopify")).exitCode()).isZero();
        String moved = "https://atp-sync.example.com/webhooks/shopify";

        CommandRun dry = connect(FULL, moved, "--dry-run");
        assertThat(dry.out()).contains("would update " + url("/webhooks/shopify"));
        assertThat(subscriptions()).allMatch(s -> s.path("uri").asText().startsWith("http://127.0.0.1"));

        CommandRun run = connect(FULL, moved);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("updated from " + url("/webhooks/shopify"));
        assertThat(subscriptions())
                .hasSize(ShopifyConnectCommand.TOPICS.size())
                .allMatch(s -> s.path("uri").asText().equals(moved));
    }

    @Test
    void shouldNameEveryMissingScopeAndRefuseAPlainHttpAddress() throws Exception {
        CommandRun narrow = connect(NARROW, "http://bridge.example.com/webhooks/shopify");

        assertThat(narrow.exitCode()).as(narrow.output()).isEqualTo(ShopifyConnectCommand.EXIT_SCOPES_MISSING);
        assertThat(narrow.out())
                .contains("write_inventory (inventory writes)")
                .contains("read_merchant_managed_fulfillment_orders or read_assigned_fulfillment_orders")
                .contains("read_orders")
                .contains("read_products")
                .contains("REFUSED: Address protocol http is not supported");
        assertThat(narrow.output()).doesNotContain(NARROW);
    }

    private List<JsonNode> subscriptions() throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        new AdminGraphQl(SHOP, emulator.url(), FULL)
                .call(io.atpsync.shopify.ShopifyDocuments.WEBHOOK_SUBSCRIPTIONS, Map.of())
                .path("webhookSubscriptions")
                .path("nodes")
                .forEach(out::add);
        return out;
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        return new EmulatorAdmin(emulator.url()).send(method, path, body);
    }
}
