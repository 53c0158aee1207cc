package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.emulator.ShopifyEmulator;
import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ShopifyLevel;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.testing.CommandRun;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shopify's catalog and levels through a real bulk operation on the emulator, into the contract topics. */
@ExtendWith(KafkaBrokerExtension.class)
class ShopifyImportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOP = "bulk.myshopify.com";
    private static final String TOKEN = "shpat_bulk_it";
    private static DevSchemaRegistry registry;
    private static ShopifyEmulator emulator;
    private static String store;
    private static String warehouse;
    private static Map<String, String> items;

    @BeforeAll
    static void start() throws Exception {
        registry = new DevSchemaRegistry(0);
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
                        List.of(Map.of(
                                "token",
                                TOKEN,
                                "scopes",
                                List.of("read_inventory", "write_inventory", "read_locations", "read_products")))));
        store = admin("POST", "/shops/" + SHOP + "/locations", Map.of("name", "Store"))
                .path("id")
                .asText();
        warehouse = admin("POST", "/shops/" + SHOP + "/locations", Map.of("name", "Warehouse"))
                .path("id")
                .asText();
        JsonNode tee = admin(
                "POST",
                "/shops/" + SHOP + "/products",
                Map.of(
                        "title",
                        "Tee",
                        "skus",
                        List.of("TEE-S", "TEE-M"),
                        "stock",
                        Map.of("Store", 5, "Warehouse", 40)));
        JsonNode twin =
                admin("POST", "/shops/" + SHOP + "/products", Map.of("title", "Twin", "skus", List.of("TWIN", "TWIN")));
        items = Map.of(
                "TEE-S",
                tee.get(0).path("inventoryItemId").asText(),
                "TEE-M",
                tee.get(1).path("inventoryItemId").asText(),
                "TWIN-1",
                twin.get(0).path("inventoryItemId").asText(),
                "TWIN-2",
                twin.get(1).path("inventoryItemId").asText());
    }

    @AfterAll
    static void stop() {
        emulator.close();
        registry.close();
    }

    @Test
    void importCatalogPublishesEachSkuOnceAndReportsDuplicateSkusInsteadOfGuessing(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);

        CommandRun run = CliRun.of(args(kafka, topics, "shopify", "import-catalog", "--shop", SHOP));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(6);
        assertThat(run.out()).contains(SHOP + ": published 2 catalog item(s)");
        assertThat(run.err())
                .contains("bulk operation gid://shopify/BulkOperation/")
                .contains("COMPLETED")
                .contains("1 SKU(s) are on more than one inventory item")
                .contains("TWIN: " + items.get("TWIN-1") + ", " + items.get("TWIN-2"))
                .doesNotContain(TOKEN);
        List<CatalogItem> catalog = read(kafka, topics.catalog(), 2);
        assertThat(catalog).extracting(CatalogItem::getSku).containsExactlyInAnyOrder("TEE-S", "TEE-M");
        assertThat(catalog)
                .filteredOn(c -> c.getSku().equals("TEE-S"))
                .singleElement()
                .satisfies(c -> assertThat(c.getInventoryItemId()).isEqualTo(items.get("TEE-S")));
    }

    @Test
    void importLevelsOfOneLocationAsTheSourceOfItsFacility(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        send(kafka, topics.locationMappings(), new LocationMapping(warehouse, SHOP, List.of("wh-1"), null, null));

        CommandRun all = CliRun.of(args(kafka, topics, "shopify", "import-levels", "--shop", SHOP));
        CommandRun source = CliRun.of(args(
                kafka, topics, "shopify", "import-levels", "--shop", SHOP, "--location", warehouse, "--as-source"));

        assertThat(all.exitCode()).as(all.output()).isZero();
        assertThat(all.out())
                .contains("published 4 level(s)"); // TEE-S and TEE-M at both locations (the twins are stocked nowhere)
        assertThat(source.exitCode()).as(source.output()).isZero();
        assertThat(source.out()).contains("published 2 level(s)").contains("2 RESET event(s) for facility wh-1");
        List<ShopifyLevel> levels = read(kafka, topics.shopifyLevels(), 6);
        assertThat(levels)
                .filteredOn(l -> l.getLocationId().equals(store) && "TEE-S".equals(l.getSku()))
                .extracting(ShopifyLevel::getAvailable)
                .containsOnly(5L);
        List<InventoryEvent> resets = read(kafka, topics.inventoryEvents(), 2);
        assertThat(resets).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo(EventType.RESET);
            assertThat(e.getFacilityId()).isEqualTo("wh-1");
            assertThat(e.getSetQoh()).isEqualTo(40L);
        });
    }

    @Test
    void asSourceRefusesALocationWithoutAOneToOneMapping(KafkaBroker kafka) throws Exception {
        Topics topics = topics(kafka);
        send(
                kafka,
                topics.locationMappings(),
                new LocationMapping(store, SHOP, List.of("store-1", "store-2"), null, null));

        CommandRun run = CliRun.of(
                args(kafka, topics, "shopify", "import-levels", "--shop", SHOP, "--location", store, "--as-source"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(store + " is mapped to 2 facilities [store-1, store-2]: --as-source needs exactly one");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Topics topics(KafkaBroker kafka) {
        Topics topics = new Topics("shop-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 2, (short) 1);
        return topics;
    }

    private static String[] args(KafkaBroker kafka, Topics topics, String... more) {
        List<String> a = new ArrayList<>(List.of(more));
        a.addAll(List.of(
                "--shop-url",
                emulator.url(),
                "--token",
                TOKEN,
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--registry-url",
                registry.url(),
                "--topic-prefix",
                topics.prefix()));
        return a.toArray(String[]::new);
    }

    private static <V extends SpecificRecord> void send(KafkaBroker kafka, Topic<V> topic, V value) {
        Map<String, Object> c =
                Map.of("bootstrap.servers", kafka.bootstrapServers(), RegistryClientConfig.URL, registry.url());
        try (KafkaProducer<String, V> p = new KafkaProducer<>(
                c, new StringSerializer(), topic.valueSerde(c).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), value));
        }
    }

    private static <V extends SpecificRecord> List<V> read(KafkaBroker kafka, Topic<V> topic, int expected) {
        Map<String, Object> c = Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "r" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                RegistryClientConfig.URL,
                registry.url());
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), topic.valueSerde(c).deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && out.size() < expected) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

    private static JsonNode admin(String method, String path, Object body) throws Exception {
        return new EmulatorAdmin(emulator.url()).send(method, path, body);
    }
}
