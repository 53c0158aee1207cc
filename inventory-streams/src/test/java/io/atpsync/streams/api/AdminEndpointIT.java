package io.atpsync.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.Ports;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.StreamsApp;
import io.atpsync.streams.config.AppConfig;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** POST /hard-sync changes state: it needs the configured admin token, and is off without one. */
@ExtendWith(KafkaBrokerExtension.class)
class AdminEndpointIT {

    private static final String TOKEN = "admin-" + System.nanoTime();

    @TempDir
    Path state;

    private StreamsApp app(KafkaBroker kafka, Topics topics, String token, int port) throws Exception {
        Map<String, String> c = new HashMap<>(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                RegistryClientConfig.URL,
                "mock://admin-it",
                "application.id",
                topics.prefix() + "app",
                "state.dir",
                state.toString(),
                AppConfig.TOPIC_PREFIX,
                topics.prefix(),
                AppConfig.HTTP_PORT,
                Integer.toString(port)));
        if (token != null) {
            c.put(AppConfig.ADMIN_TOKEN, token);
        }
        return new StreamsApp(AppConfig.of(c));
    }

    @Test
    void hardSyncNeedsTheAdminToken(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("admin" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 3, (short) 1);
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port + "/hard-sync";
        String body = "{\"shop\":\"demo.myshopify.com\","
                + "\"locations\":[\"gid://shopify/Location/1\"],\"requestedBy\":\"sre\"}";
        try (StreamsApp app = app(kafka, topics, TOKEN, port)) {
            app.start();
            HttpResponse<String> none = post(url, body, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(post(url, body, "Bearer wrong-" + TOKEN).statusCode()).isEqualTo(401);
            assertThat(post(url, "{\"locations\":[]}", "Bearer " + TOKEN).statusCode())
                    .isEqualTo(400);
            assertThat(post(url, "not json", "Bearer " + TOKEN).statusCode()).isEqualTo(400);

            HttpResponse<String> ok = post(url, body, "Bearer " + TOKEN);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
            assertThat(ok.body())
                    .contains("\"partitions\":3")
                    .contains("/hard-sync/http-")
                    .doesNotContain(TOKEN);

            List<ConsumerRecord<String, HardSyncRequest>> requests = read(kafka, topics, 3);
            assertThat(requests).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.value().getShop()).isEqualTo("demo.myshopify.com");
                assertThat(r.value().getShopifyLocationIds()).containsExactly("gid://shopify/Location/1");
                assertThat(r.value().getRequestedBy()).isEqualTo("sre");
            });
            assertThat(get("http://127.0.0.1:" + port + "/metrics")).doesNotContain(TOKEN);
        }
    }

    @Test
    void hardSyncIsOffWithoutAToken(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("admin-off" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 1, (short) 1);
        int port = Ports.free();
        try (StreamsApp app = app(kafka, topics, null, port)) {
            app.start();
            HttpResponse<String> r = post(
                    "http://127.0.0.1:" + port + "/hard-sync", "{\"shop\":\"demo.myshopify.com\"}", "Bearer anything");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("atpsync.admin.token");
            assertThat(read(kafka, topics, 0)).isEmpty();
        }
    }

    private static HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static List<ConsumerRecord<String, HardSyncRequest>> read(KafkaBroker kafka, Topics topics, int expected) {
        Map<String, Object> c = Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                "read-" + topics.prefix(),
                "auto.offset.reset",
                "earliest",
                RegistryClientConfig.URL,
                "mock://admin-it");
        List<ConsumerRecord<String, HardSyncRequest>> read = new ArrayList<>();
        try (KafkaConsumer<String, HardSyncRequest> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), topics.control().valueSerde(c).deserializer())) {
            consumer.subscribe(List.of(topics.control().name()));
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(expected == 0 ? 5 : 30).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || read.size() < expected)) {
                consumer.poll(Duration.ofMillis(300)).forEach(read::add);
            }
        }
        return read;
    }
}
