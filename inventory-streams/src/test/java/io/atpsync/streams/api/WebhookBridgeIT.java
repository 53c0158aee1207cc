package io.atpsync.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.ShopifyOrder;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.webhook.WebhookSignature;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signed webhooks into shopify.orders on a real broker: 401, 413, duplicates, unknown topics. */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookBridgeIT {

    @Test
    void shouldPublishSignedOrdersOnceAndRefuseTheRest(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("wh" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 1, (short) 1);
        Map<String, Object> serde = Map.of(RegistryClientConfig.URL, "mock://webhooks");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (WebhookBridge bridge = new WebhookBridge(
                new WebhookSignature(List.of("old", "new")),
                20_000,
                topics,
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                serde)) {
            server.createContext("/webhooks/shopify", ex -> {
                WebhookBridge.Answer a = bridge.handle(ex);
                ex.sendResponseHeaders(a.status(), -1);
                ex.close();
            });
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/shopify";
            byte[] order = getClass()
                    .getResourceAsStream("/webhooks/orders-create.json")
                    .readAllBytes();

            assertThat(post(url, "orders/create", order, WebhookSignature.sign("new", order), "ev-1"))
                    .isEqualTo(200);
            assertThat(post(url, "orders/create", order, WebhookSignature.sign("new", order), "ev-1"))
                    .as("duplicate")
                    .isEqualTo(200);
            assertThat(post(url, "orders/create", order, WebhookSignature.sign("wrong", order), "ev-2"))
                    .isEqualTo(401);
            byte[] big = ("{\"pad\":\"" + "x".repeat(30_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(post(url, "orders/create", big, WebhookSignature.sign("new", big), "ev-3"))
                    .isEqualTo(413);
            assertThat(post(url, "app/uninstalled", order, WebhookSignature.sign("old", order), "ev-4"))
                    .isEqualTo(200);

            assertThat(bridge.accepted.get()).isEqualTo(1);
            assertThat(bridge.duplicates.get()).isEqualTo(1);
            assertThat(bridge.rejected.get()).isEqualTo(2);
            assertThat(bridge.unknownTopics.get()).isEqualTo(1);
            List<ShopifyOrder> orders = new ArrayList<>();
            Map<String, Object> c = Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "group.id",
                    "wh",
                    "auto.offset.reset",
                    "earliest",
                    RegistryClientConfig.URL,
                    "mock://webhooks");
            try (KafkaConsumer<String, ShopifyOrder> consumer = new KafkaConsumer<>(
                    c,
                    new StringDeserializer(),
                    topics.shopifyOrders().valueSerde(c).deserializer())) {
                consumer.subscribe(List.of(topics.shopifyOrders().name()));
                long deadline = System.currentTimeMillis() + 20_000;
                while (orders.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(300)).forEach(r -> orders.add(r.value()));
                }
                consumer.poll(Duration.ofSeconds(1)).forEach(r -> orders.add(r.value()));
            }
            assertThat(orders).singleElement().satisfies(o -> {
                assertThat(o.getShop()).isEqualTo("shop.myshopify.com");
                assertThat(o.getLines()).hasSize(5); // Shopify's example order: 5 SKUs, no location
            });
        } finally {
            server.stop(0);
        }
    }

    private static int post(String url, String topic, byte[] body, String hmac, String eventId) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("X-Shopify-Topic", topic)
                                .header("X-Shopify-Hmac-Sha256", hmac)
                                .header("X-Shopify-Shop-Domain", "shop.myshopify.com")
                                .header("X-Shopify-Event-Id", eventId)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
