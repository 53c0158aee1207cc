package io.atpsync.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.emulator.ShopifyEmulator;
import io.atpsync.shopify.retry.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's bulk mutation against the emulator on Shopify's 2026-10 schema: stage, upload, run, poll, read the
 * result lines. Each line is one compare-and-swap SET with its own idempotency key (mandatory from 2026-04); the stale
 * line is the one whose expected quantity the test makes wrong on purpose.
 */
class BulkMutationIT {

    static final String SHOP = "bulk-client.myshopify.com";
    static final String TOKEN = "shpat_bulk_client";
    static final String SET = "mutation Set($input: InventorySetQuantitiesInput!, $key: String!) { "
            + "inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } "
            + "userErrors { field message code } } }";

    @TempDir
    Path dir;

    private ShopifyEmulator emulator;
    private EmulatorAdmin.Shop admin;
    private String location;
    private final List<String> items = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        emulator = new ShopifyEmulator(0);
        EmulatorAdmin root = new EmulatorAdmin(emulator.url());
        root.post(
                "/shops",
                Map.of(
                        "domain",
                        SHOP,
                        "tokens",
                        List.of(Map.of("token", TOKEN, "scopes", List.of("read_inventory", "write_inventory")))));
        admin = root.shop(SHOP);
        location =
                admin.post("/locations", Map.of("name", "Warehouse")).path("id").asText();
        for (JsonNode v : admin.post(
                "/products", Map.of("title", "Tee", "skus", List.of("A", "B"), "stock", Map.of("Warehouse", 20)))) {
            items.add(v.path("inventoryItemId").asText());
        }
        admin.put("/bulk", Map.of("linesPerSecond", 50));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ShopifyClient client(ShopifyHttp http) {
        return new ShopifyClient(
                SHOP,
                ShopifyClient.graphqlUrl(emulator.url()),
                "STANDARD",
                http,
                AccessToken.of(http, TOKEN),
                new Backoff(20, 100),
                new ShopifyClient.Listener() {});
    }

    private String line(String item, long quantity, long from) throws Exception {
        Map<String, Object> q = new HashMap<>();
        q.put("inventoryItemId", item);
        q.put("locationId", location);
        q.put("quantity", quantity);
        q.put("changeFromQuantity", from);
        return ShopifyHttp.JSON.writeValueAsString(Map.of(
                "key",
                "cut-7/" + item,
                "input",
                Map.of(
                        "name",
                        "available",
                        "reason",
                        "correction",
                        "referenceDocumentUri",
                        "gid://atp-sync/HardSync/cut-7",
                        "quantities",
                        List.of(q))));
    }

    private long available(String item) throws Exception {
        for (JsonNode l : admin.get("/levels")) {
            if (l.path("inventoryItemId").asText().equals(item)) {
                return l.path("available").asLong();
            }
        }
        throw new AssertionError(item);
    }

    @Test
    void shouldRunAStagedFileAndGiveEachLineItsAnswer() throws Exception {
        ShopifyHttp http = new ShopifyHttp(Duration.ofSeconds(5));
        ShopifyClient client = client(http);
        Path jsonl = dir.resolve("cut-7.jsonl");
        // A sets 20 → 12; B expects 15 but Shopify has 20 (sold behind our back): stale.
        Files.writeString(jsonl, line(items.get(0), 12, 20) + "\n" + line(items.get(1), 9, 15) + "\n");
        List<String> progress = new ArrayList<>();

        String path = BulkMutation.stage(client, http, jsonl);
        String id = BulkMutation.start(client, SET, path, "hard-sync-cut-7");
        BulkMutation.Outcome end =
                BulkMutation.await(client, http, id, Duration.ofMillis(100), Duration.ofSeconds(20), progress::add);

        assertThat(end.status()).isEqualTo("COMPLETED");
        assertThat(end.objectCount()).isEqualTo(2);
        assertThat(progress).last().asString().contains("COMPLETED", "2 line(s)");
        List<BulkMutation.Line> lines = new ArrayList<>();
        BulkMutation.eachLine(end.results(), lines::add);
        assertThat(lines).extracting(BulkMutation.Line::number).containsExactly(0, 1);
        assertThat(lines.get(0).data().at("/inventorySetQuantities/userErrors")).isEmpty();
        assertThat(lines.get(1)
                        .data()
                        .at("/inventorySetQuantities/userErrors/0/code")
                        .asText())
                .isEqualTo("CHANGE_FROM_QUANTITY_STALE");
        assertThat(available(items.get(0))).isEqualTo(12);
        assertThat(available(items.get(1))).isEqualTo(20);
    }

    @Test
    void shouldNameShopifysReasonWhenItRefusesToStart() throws Exception {
        ShopifyHttp http = new ShopifyHttp(Duration.ofSeconds(5));
        ShopifyClient client = client(http);

        assertThatThrownBy(() -> BulkMutation.start(client, SET, "tmp/none.jsonl", null))
                .isInstanceOf(BulkMutation.Refused.class)
                .hasMessageContaining("NO_SUCH_FILE")
                .satisfies(e -> assertThat(((BulkMutation.Refused) e).code()).isEqualTo("NO_SUCH_FILE"));
    }
}
