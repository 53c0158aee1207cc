package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ShopifyLevel;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atp-sync shopify import-catalog|import-levels}: Shopify's own data, read with a bulk operation. */
@Command(
        name = "shopify",
        mixinStandardHelpOptions = true,
        description = "Read Shopify's catalog or levels with a bulk operation and publish them; connect a shop.",
        subcommands = {
            ShopifyCommand.ImportCatalog.class,
            ShopifyCommand.ImportLevels.class,
            ShopifyConnectCommand.class
        })
final class ShopifyCommand {

    static final String CATALOG_QUERY = "{ inventoryItems { edges { node { id sku updatedAt variant { id } } } } }";
    static final String LEVELS_QUERY = "{ inventoryItems { edges { node { id sku inventoryLevels { edges { node { "
            + "location { id } quantities(names: [\"available\"]) { name quantity } updatedAt } } } } } } }";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shop and how to reach it. */
    static final class ShopOptions {
        @Option(names = "--shop", required = true, description = "Shop domain, e.g. acme.myshopify.com.")
        String shop;

        @Option(
                names = "--shop-url",
                defaultValue = "${env:ATP_SYNC_SHOP_URL:-http://127.0.0.1:18086}",
                description = "Admin API base URL (env ATP_SYNC_SHOP_URL; https://<shop> "
                        + "for a real shop). Default: ${DEFAULT-VALUE} (the emulator)")
        String shopUrl;

        @Option(
                names = "--token",
                defaultValue = "${env:ATP_SYNC_SHOPIFY_TOKEN}",
                description = "Admin API token with read_inventory and read_products (env "
                        + "ATP_SYNC_SHOPIFY_TOKEN); the emulator's demo token by default.")
        String token;

        @Option(
                names = "--wait",
                defaultValue = "3600",
                description = "Seconds to wait for the bulk operation. Default: ${DEFAULT-VALUE}")
        int waitSeconds;

        AdminGraphQl admin() {
            return new AdminGraphQl(shop, shopUrl, token != null ? token : LocalStackOptions.DEMO_TOKEN);
        }
    }

    private ShopifyCommand() {}

    /** Runs a bulk query, waits for it with progress on stderr, and downloads its JSONL; null when it found nothing. */
    static Path runBulk(AdminGraphQl admin, String query, int waitSeconds, PrintWriter err) throws Exception {
        return admin.bulk(query, Duration.ofSeconds(waitSeconds), line -> {
            err.println(line);
            err.flush();
        });
    }

    static void eachLine(Path file, java.util.function.Consumer<JsonNode> consumer) throws Exception {
        if (file == null) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    consumer.accept(JSON.readTree(line));
                }
            }
        }
    }

    @Command(
            name = "import-catalog",
            mixinStandardHelpOptions = true,
            description = {
                "Publish shopify.catalog (SKU → inventory item) from a Shopify bulk operation.",
                "A SKU that several inventory items carry is reported and left out (exit code 6): fix it in Shopify."
            })
    static final class ImportCatalog implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        ShopOptions shop;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = runBulk(shop.admin(), CATALOG_QUERY, shop.waitSeconds, err);
            BulkLines.Catalog catalog = new BulkLines.Catalog(shop.shop);
            eachLine(file, catalog::accept);
            List<CatalogItem> items = catalog.items();
            long sent = OneTransaction.publish(kafka.clientConfigs(), sender -> {
                items.forEach(i -> sender.send(kafka.topics().catalog(), i));
                return items.size();
            });
            out.printf(
                    "%s: published %d catalog item(s) to %s%s%n",
                    shop.shop,
                    sent,
                    kafka.topics().catalog().name(),
                    catalog.withoutSku == 0
                            ? ""
                            : "; " + catalog.withoutSku + " inventory item(s) without a SKU skipped");
            Map<String, List<String>> duplicates = catalog.duplicates();
            if (!duplicates.isEmpty()) {
                err.printf(
                        "%d SKU(s) are on more than one inventory item in "
                                + "Shopify; they were NOT published (which one is right " + "is for you to decide):%n",
                        duplicates.size());
                duplicates.forEach((sku, ids) -> err.printf("  %s: %s%n", sku, String.join(", ", ids)));
                return 6;
            }
            return 0;
        }
    }

    @Command(
            name = "import-levels",
            mixinStandardHelpOptions = true,
            description = {
                "Publish shopify.inventory-levels (Shopify's available per item and location) from a bulk operation.",
                "--as-source --location L also turns L's levels into RESET events of the facility mapped 1:1 to L,",
                "for retailers whose Shopify is the inventory master for that location."
            })
    static final class ImportLevels implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        ShopOptions shop;

        @Spec
        CommandSpec spec;

        @Option(
                names = {"-l", "--location"},
                description = "Only this Shopify location (gid).")
        String location;

        @Option(
                names = "--as-source",
                description = "Also publish RESET events for the facility mapped 1:1 to --location.")
        boolean asSource;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String facility = asSource ? sourceFacility() : null;
            Instant readAt = Instant.now();
            Path file = runBulk(
                    shop.admin(),
                    LEVELS_QUERY,
                    shop.waitSeconds,
                    spec.commandLine().getErr());
            BulkLines.Levels levels = new BulkLines.Levels(shop.shop, location, readAt);
            eachLine(file, levels::accept);
            List<InventoryEvent> resets = new ArrayList<>();
            if (facility != null) {
                for (ShopifyLevel l : levels.levels) {
                    if (l.getSku() != null) {
                        // As of the read: events after it stay on top; the id makes a re-run of this import a no-op.
                        resets.add(InventoryEvent.newBuilder()
                                .setEventId("shopify-levels-" + readAt.toEpochMilli() + "-" + l.getInventoryItemId())
                                .setSource("SHOPIFY")
                                .setType(EventType.RESET)
                                .setSku(l.getSku())
                                .setFacilityId(facility)
                                .setQohDiff(0)
                                .setAtpDiff(0)
                                .setSetQoh(l.getAvailable())
                                .setOccurredAt(readAt)
                                .setReason("shopify import-levels --as-source")
                                .build());
                    }
                }
            }
            long sent = OneTransaction.publish(kafka.clientConfigs(), sender -> {
                levels.levels.forEach(l -> sender.send(kafka.topics().shopifyLevels(), l));
                resets.forEach(e -> sender.send(kafka.topics().inventoryEvents(), e));
                return levels.levels.size() + resets.size();
            });
            out.printf(
                    "%s: published %d level(s) to %s%s%s%n",
                    shop.shop,
                    levels.levels.size(),
                    kafka.topics().shopifyLevels().name(),
                    facility == null ? "" : " and " + resets.size() + " RESET event(s) for facility " + facility,
                    levels.orphans == 0 ? "" : "; " + levels.orphans + " level line(s) without their item skipped");
            return sent >= 0 ? 0 : 1;
        }

        /** The facility mapped 1:1 to --location, from inventory.location-mappings. */
        private String sourceFacility() {
            if (location == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--as-source needs --location: the Shopify location "
                                + "whose levels become the stock of its facility");
            }
            LocationMapping m = CompactedTopic.latest(kafka, kafka.topics().locationMappings()).values().stream()
                    .filter(x -> x.getShopifyLocationId().equals(location)
                            && x.getShop().equals(shop.shop))
                    .findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(),
                            "no location mapping for " + location + " in "
                                    + kafka.topics().locationMappings().name()
                                    + ": import it first (./atp-sync config import location-mappings)"));
            if (m.getFacilityIds().size() != 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        location + " is mapped to " + m.getFacilityIds().size() + " facilities " + m.getFacilityIds()
                                + ": --as-source needs exactly one");
            }
            return m.getFacilityIds().get(0);
        }
    }
}
