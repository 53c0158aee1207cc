package io.atpsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Kit;
import io.atpsync.schemas.KitComponent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's retailer: configuration matching the emulator's demo shop, then a realistic stream of receipts, POS sales,
 * damages, OMS reservations and Shopify orders (placed in the emulator, so Shopify's own count drops first, then
 * reaching the OMS as SHOPIFY reservations).
 */
public final class DemoFeed {

    public static final String SHOP = "demo.myshopify.com";
    private static final List<String> STORES = List.of("store-downtown", "store-airport");

    private final Map<String, Object> client;
    private final EmulatorAdmin.Shop shop;
    private final PrintWriter out;
    private final Random random = new Random(2026);
    private final Map<String, String> locations = new HashMap<>();
    private final List<String> skus = new ArrayList<>();
    /** How far ahead the demo's scheduled restock goes live. */
    static final java.time.Duration SCHEDULED_IN = java.time.Duration.ofMinutes(2);

    private final Topics topics = Topics.DEFAULT;
    private long seq = System.currentTimeMillis();

    DemoFeed(Map<String, Object> client, String emulatorUrl, PrintWriter out) {
        this.client = client;
        this.shop = new EmulatorAdmin(emulatorUrl).shop(SHOP);
        this.out = out;
    }

    /** Facilities, location mappings, catalog and a few thresholds, matching the emulator's demo shop. */
    void seed() throws Exception {
        JsonNode catalog = shop.get("/catalog");
        catalog.path("locations")
                .fields()
                .forEachRemaining(e -> locations.put(e.getKey(), e.getValue().asText()));
        catalog.path("items").fields().forEachRemaining(e -> skus.add(e.getKey()));
        send(
                topics.facilities(),
                List.of(
                        new Facility("store-downtown", "Downtown store", "STORE", true),
                        new Facility("store-airport", "Airport store", "STORE", true),
                        new Facility("wh-central", "Central warehouse", "WAREHOUSE", true),
                        new Facility("queue-online", "Unallocated online orders", "QUEUE", false)));
        send(
                topics.locationMappings(),
                List.of(
                        new LocationMapping(
                                locations.get("Downtown store"), SHOP, List.of("store-downtown"), null, null),
                        // The airport store runs Shopify POS: Shopify holds its count (on hand) and its own orders.
                        new LocationMapping(
                                locations.get("Airport store"), SHOP, List.of("store-airport"), null, "on_hand"),
                        new LocationMapping(
                                locations.get("Online warehouse"),
                                SHOP,
                                List.of("store-downtown", "store-airport", "wh-central"),
                                "queue-online",
                                null)));
        List<CatalogItem> items = new ArrayList<>();
        catalog.path("items")
                .fields()
                .forEachRemaining(e ->
                        items.add(new CatalogItem(SHOP, e.getKey(), e.getValue().asText(), null, null)));
        send(topics.catalog(), items);
        send(topics.thresholds(), List.of(new ProductThreshold("SKU-C", null, 2L)));
        List<InventoryEvent> opening = new ArrayList<>();
        // A kit: the gift box is 2 of SKU-A and 1 of SKU-B, sold as its own listing; its stock is its components'.
        send(topics.kits(), List.of(new Kit(KIT, List.of(new KitComponent("SKU-A", 2), new KitComponent("SKU-B", 1)))));
        for (String sku : skus) {
            if (sku.equals(KIT)) {
                continue;
            }
            opening.add(event(EventType.RECEIPT, sku, "wh-central", 20 + random.nextInt(30)));
            for (String store : STORES) {
                opening.add(event(EventType.RECEIPT, sku, store, 3 + random.nextInt(8)));
            }
        }
        // Future-dated stock: a purchase order that goes live in two minutes, shown as scheduled until then.
        Instant live = Instant.now().plus(SCHEDULED_IN).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        opening.add(InventoryEvent.newBuilder(event(EventType.RECEIPT, "SKU-B", "wh-central", 24))
                .setEffectiveAt(live)
                .setReason("PO-9 goes live")
                .build());
        send(topics.inventoryEvents(), opening);
        out.printf(
                "demo: seeded 4 facilities, 3 Shopify locations, %d catalog items and %d opening receipts%n",
                items.size(), opening.size() - 1);
        out.printf("demo: %s is a kit of 2 SKU-A and 1 SKU-B (./atp-sync atp %s shows which limits it)%n", KIT, KIT);
        out.printf(
                "demo: 24 SKU-B scheduled at wh-central for %s (future-dated stock: ./atp-sync atp SKU-B shows it"
                        + " until then)%n",
                live);
        out.flush();
    }

    /** The demo's kit (beyond the SKUs the feed sends events for: a kit's stock is its components'). */
    static final String KIT = "DEMO-00250";

    /** The second shop of the demo, behind the same central warehouse (ring-fenced). */
    static final String CANADA = "demo-ca.myshopify.com";

    /** The Canada shop's token in the emulator (a demo value, like the US shop's). */
    private static final String CANADA_TOKEN = "shpat_demo_ca_full_access";

    /**
     * Ring-fencing: a Canada shop (created in the emulator, with its own sink connector) sells from the central
     * warehouse too; 70% of the warehouse goes to the US shop, the rest to Canada.
     */
    void shareWarehouse(io.atpsync.local.ConnectWorkerProcess connect, EmulatorAdmin admin) throws Exception {
        admin.createShop(CANADA, "demo-ca-webhook-secret", CANADA_TOKEN);
        admin.post("/shops/" + CANADA + "/locations", Map.of("name", "Toronto store"));
        admin.post(
                "/shops/" + CANADA + "/products",
                Map.of(
                        "title",
                        "Demo tee",
                        "skus",
                        List.of("SKU-A", "SKU-B", "SKU-C"),
                        "stock",
                        Map.of("Toronto store", 0)));
        JsonNode catalog = admin.get("/shops/" + CANADA + "/catalog");
        io.atpsync.local.LocalStack.addShopConnector(connect, CANADA, CANADA_TOKEN);
        String toronto = catalog.path("locations").path("Toronto store").asText();
        send(
                topics.locationMappings(),
                List.of(new LocationMapping(toronto, CANADA, List.of("wh-central"), null, null)));
        List<CatalogItem> items = new ArrayList<>();
        catalog.path("items")
                .fields()
                .forEachRemaining(e -> items.add(
                        new CatalogItem(CANADA, e.getKey(), e.getValue().asText(), null, null)));
        send(topics.catalog(), items);
        send(
                topics.facilityShares(),
                List.of(
                        new io.atpsync.schemas.FacilityShare("wh-central", SHOP, 70, null),
                        new io.atpsync.schemas.FacilityShare("wh-central", CANADA, null, null)));
        out.printf(
                "demo: wh-central is shared with %s (Toronto store, its own sink connector shopify-sink-demo-ca):"
                        + " 70%% for %s, the rest for Canada; the Airport store publishes on hand%n",
                CANADA, SHOP);
        out.flush();
    }

    /** One tick of retail life: a handful of events, sometimes a Shopify order. */
    void tick() throws Exception {
        List<InventoryEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sku = skus.get(random.nextInt(Math.min(skus.size(), 40)));
            String store = STORES.get(random.nextInt(STORES.size()));
            int r = random.nextInt(100);
            if (r < 55) {
                events.add(event(EventType.POS_SALE, sku, store, -1));
            } else if (r < 75) {
                events.add(event(
                        EventType.RECEIPT, sku, random.nextBoolean() ? store : "wh-central", 2 + random.nextInt(6)));
            } else if (r < 85) {
                events.add(event(EventType.DAMAGED, sku, store, -1));
            } else {
                shopifyOrder(sku, events);
            }
        }
        send(topics.inventoryEvents(), events);
    }

    /**
     * A shopper orders on Shopify: the emulator decrements at once and sends a signed orders/create webhook to the
     * bridge (→ shopify.orders); the OMS reserves it a moment later.
     */
    private void shopifyOrder(String sku, List<InventoryEvent> events) throws Exception {
        String web = locations.get("Online warehouse");
        JsonNode order =
                shop.post("/orders", Map.of("lines", List.of(Map.of("sku", sku, "locationId", web, "quantity", 1))));
        String orderId = order.path("id").asText();
        InventoryEvent reservation = InventoryEvent.newBuilder(
                        event(EventType.RESERVATION_CREATED, sku, "wh-central", 0))
                .setAtpDiff(-1)
                .setOrderId(orderId)
                .setOrderChannel("SHOPIFY")
                .setShopifyLocationId(web)
                .build();
        events.add(reservation);
    }

    private InventoryEvent event(EventType type, String sku, String facility, long qty) {
        return InventoryEvent.newBuilder()
                .setEventId("demo-" + (++seq))
                .setSource(type == EventType.POS_SALE ? "POS" : "ERP")
                .setType(type)
                .setSku(sku)
                .setFacilityId(facility)
                .setQohDiff(type == EventType.RESERVATION_CREATED ? 0 : qty)
                .setAtpDiff(qty)
                .setOccurredAt(Instant.now())
                .build();
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, List<V> values) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                client, new StringSerializer(), topic.valueSerde(client).serializer())) {
            for (V v : values) {
                producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(v), v));
            }
        }
    }
}
