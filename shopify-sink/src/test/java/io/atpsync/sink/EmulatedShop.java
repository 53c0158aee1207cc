package io.atpsync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.emulator.EmulatorAdmin;
import io.atpsync.emulator.ShopifyEmulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A shop in the emulator for sink tests: one location, a few stocked items, tokens, admin helpers. */
final class EmulatedShop implements AutoCloseable {

    static final String SHOP = "sink-it.myshopify.com";
    static final String TOKEN = "shpat_sink_full";
    static final String READ_ONLY = "shpat_sink_read";

    final ShopifyEmulator emulator;
    final String location;
    final Map<String, String> items = new HashMap<>();
    private final EmulatorAdmin admin;

    EmulatedShop(List<String> skus, long available) throws Exception {
        emulator = new ShopifyEmulator(0);
        admin = new EmulatorAdmin(emulator.url());
        admin(
                "POST",
                "/shops",
                Map.of(
                        "domain",
                        SHOP,
                        "plan",
                        "STANDARD",
                        "tokens",
                        List.of(
                                Map.of(
                                        "token",
                                        TOKEN,
                                        "scopes",
                                        List.of(
                                                "read_inventory",
                                                "write_inventory",
                                                "read_merchant_managed_fulfillment_orders")),
                                Map.of("token", READ_ONLY, "scopes", List.of("read_inventory")))));
        location = admin("POST", "/shops/" + SHOP + "/locations", Map.of("name", "Store"))
                .path("id")
                .asText();
        JsonNode variants = admin(
                "POST",
                "/shops/" + SHOP + "/products",
                Map.of("title", "T", "skus", skus, "stock", Map.of("Store", available)));
        for (JsonNode v : variants) {
            items.put(v.path("sku").asText(), v.path("inventoryItemId").asText());
        }
    }

    String item(String sku) {
        return items.get(sku);
    }

    /** An item that exists but is not stocked at the location. */
    String unstockedItem(String sku) throws Exception {
        return admin("POST", "/shops/" + SHOP + "/products", Map.of("title", "U", "skus", List.of(sku)))
                .get(0)
                .path("inventoryItemId")
                .asText();
    }

    long available(String sku) throws Exception {
        for (JsonNode l : admin("GET", "/shops/" + SHOP + "/levels", null)) {
            if (l.path("sku").asText().equals(sku)
                    && l.path("locationId").asText().equals(location)) {
                return l.path("available").asLong();
            }
        }
        throw new AssertionError("no level for " + sku);
    }

    JsonNode history() throws Exception {
        return admin("GET", "/shops/" + SHOP + "/adjustments", null);
    }

    JsonNode stats() throws Exception {
        return admin("GET", "/shops/" + SHOP, null).path("stats");
    }

    JsonNode admin(String method, String path, Object body) throws Exception {
        return admin.send(method, path, body);
    }

    /**
     * A web order as a shopper places it: Shopify routes its lines to locations ({@code sku}, {@code quantity},
     * {@code locationId} each); the webhook payload carries no location.
     */
    void webOrder(long orderId, List<Map<String, Object>> lines) throws Exception {
        admin("POST", "/shops/" + SHOP + "/orders", Map.of("orderId", orderId, "sourceName", "web", "lines", lines));
    }

    /**
     * The connector as a Connect worker runs it here: this shop, the registry, {@code topic} as bytes, and a DLQ with
     * its context headers.
     */
    Map<String, String> workerConnectorConfig(String token, String registryUrl, String topic, String dlq, int tasks) {
        Map<String, String> c = new HashMap<>(connectorConfig(token));
        c.put(ShopifySinkConfig.REGISTRY_URL, registryUrl);
        c.put("connector.class", ShopifySinkConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }

    /** Writes batches to {@code topic} keyed as the Streams app keys atp.adjustments (shop|location). */
    static void produce(
            String bootstrap, String registryUrl, String topic, List<io.atpsync.schemas.AdjustmentBatch> batches) {
        Map<String, Object> c = Map.of(
                "bootstrap.servers", bootstrap, io.atpsync.schemas.registry.RegistryClientConfig.URL, registryUrl);
        try (var p = new org.apache.kafka.clients.producer.KafkaProducer<String, io.atpsync.schemas.AdjustmentBatch>(
                c,
                new org.apache.kafka.common.serialization.StringSerializer(),
                io.atpsync.schemas.Topics.DEFAULT.adjustments().valueSerde(c).serializer())) {
            batches.forEach(b -> p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    topic, b.getShop() + "|" + b.getShopifyLocationId(), b)));
        }
    }

    Map<String, String> connectorConfig(String token) {
        Map<String, String> c = new HashMap<>();
        c.put(ShopifySinkConfig.SHOP, SHOP);
        c.put(ShopifySinkConfig.BASE_URL, emulator.url());
        c.put(ShopifySinkConfig.ACCESS_TOKEN, token);
        c.put(ShopifySinkConfig.RETRY_BACKOFF_MS, "20");
        c.put(ShopifySinkConfig.REGISTRY_URL, "mock://sink-it");
        return c;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
