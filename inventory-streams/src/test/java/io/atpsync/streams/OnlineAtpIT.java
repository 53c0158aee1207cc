package io.atpsync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.Ports;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.OnlineAtp;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.AppConfig;
import io.atpsync.testing.Await;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 random events over 1,000 SKUs and 20 facilities through two app instances on three partitions of a real
 * broker; the final {@code atp.online} must equal an independent recomputation.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OnlineAtpIT {

    static final int EVENTS = Integer.getInteger("atp.it.events", 100_000);
    static final int SKUS = 1_000;
    static final int FACILITIES = 20;
    static final String SHOP = "demo.myshopify.com";
    /** Four locations: two aggregates, a store, a pair. */
    static final Map<String, List<Integer>> LOCATIONS = Map.of(
            "gid://shopify/Location/1",
            range(0, 10),
            "gid://shopify/Location/2",
            range(10, 20),
            "gid://shopify/Location/3",
            List.of(5),
            "gid://shopify/Location/4",
            List.of(15, 16));

    static final List<Integer> OFFLINE = List.of(3, 12);

    @TempDir
    Path state;

    @Test
    void shouldEndAtTheOnlineAtpAnIndependentRecomputationGives(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("it" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 3, (short) 1);
        try (DevSchemaRegistry registry = new DevSchemaRegistry(0)) {
            Map<String, Object> client =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), RegistryClientConfig.URL, registry.url());
            Reference reference = new Reference();
            Random random = new Random(42);

            try (StreamsApp one = app(kafka, registry, topics, "one");
                    StreamsApp two = app(kafka, registry, topics, "two")) {
                one.start();
                two.start();
                publishConfig(client, topics, reference, random);
                long t0 = System.nanoTime();
                publishEvents(client, topics, reference, random);
                Await.until(
                        "both instances running",
                        Duration.ofSeconds(60),
                        () -> one.streams().state() == KafkaStreams.State.RUNNING
                                && two.streams().state() == KafkaStreams.State.RUNNING);

                Map<String, Long> expected = reference.onlineAtp();
                Map<String, Long> actual = new HashMap<>();
                try (KafkaConsumer<String, OnlineAtp> consumer = consumer(client, topics.onlineAtp())) {
                    long deadline = System.nanoTime()
                            + Duration.ofSeconds(Integer.getInteger("atp.it.wait.seconds", 180))
                                    .toNanos();
                    while (!actual.equals(expected) && System.nanoTime() < deadline) {
                        consumer.poll(Duration.ofMillis(500))
                                .forEach(r -> actual.put(r.key(), r.value().getOnlineAtp()));
                    }
                }
                assertThat(differences(expected, actual))
                        .as("keys whose online ATP differs from the reference")
                        .isEmpty();
                System.out.printf(
                        "online ATP of %d (location, sku) keys matched the reference %d ms after the first event%n",
                        expected.size(), (System.nanoTime() - t0) / 1_000_000);
                assertThat(actual).isEqualTo(expected);

                // Any instance answers for any SKU: the owner's store or a hop to it.
                for (int sku = 0; sku < 10; sku++) {
                    String body = get(one.url() + "/atp/" + URLEncoder.encode(sku(sku), StandardCharsets.UTF_8));
                    assertThat(body)
                            .isEqualTo(get(two.url() + "/atp/" + URLEncoder.encode(sku(sku), StandardCharsets.UTF_8)));
                    // The breakdown is computed on query (the published record carries none): its contributions
                    // add up to the value the processor published.
                    for (var row : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)) {
                        long sum = 0;
                        for (var f : row.get("facilities")) {
                            sum += f.get("contribution").asLong();
                        }
                        assertThat(row.get("facilities"))
                                .as("breakdown of %s", row)
                                .isNotEmpty();
                        assertThat(sum)
                                .as("contributions of %s", row)
                                .isEqualTo(row.get("contributed").asLong());
                        assertThat(Math.max(
                                        0,
                                        sum
                                                - row.get("threshold").asLong()
                                                - row.get("queue").asLong()))
                                .isEqualTo(row.get("onlineAtp").asLong());
                    }
                    for (Map.Entry<String, Long> e : expected.entrySet()) {
                        if (e.getKey().endsWith("|" + sku(sku))) {
                            assertThat(body)
                                    .contains("\"shopifyLocationId\":\""
                                            + e.getKey().substring(0, e.getKey().indexOf('|')) + "\",\"shop\":\"" + SHOP
                                            + "\",\"sku\":\"" + sku(sku) + "\",\"onlineAtp\":" + e.getValue() + ",");
                        }
                    }
                }

                // Caught up: /ready says so, and the app's own metrics counted what it did.
                Await.until("both instances ready", Duration.ofSeconds(60), () -> ready(one.url()) && ready(two.url()));
                String metrics = get(one.url() + "/metrics") + get(two.url() + "/metrics");
                assertThat(metrics)
                        .containsPattern("online_atp_changes_total\\{[^}]*\\} [1-9]")
                        .containsPattern("events_receipt_total\\{[^}]*event_type=\"RECEIPT\"[^}]*\\} [1-9]");
            }
        }
    }

    private StreamsApp app(KafkaBroker kafka, DevSchemaRegistry registry, Topics topics, String name) throws Exception {
        return new StreamsApp(AppConfig.of(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "application.id",
                topics.prefix() + "app",
                RegistryClientConfig.URL,
                registry.url(),
                "state.dir",
                state.resolve(name).toString(),
                AppConfig.TOPIC_PREFIX,
                topics.prefix(),
                AppConfig.HTTP_PORT,
                Integer.toString(Ports.free()))));
    }

    private static void publishConfig(Map<String, Object> client, Topics topics, Reference reference, Random random) {
        for (int f = 0; f < FACILITIES; f++) {
            send(client, topics.facilities(), new Facility(facility(f), "F" + f, "STORE", !OFFLINE.contains(f)));
        }
        LOCATIONS.forEach((location, fs) -> send(
                client,
                topics.locationMappings(),
                new LocationMapping(
                        location, SHOP, fs.stream().map(OnlineAtpIT::facility).toList(), null, null)));
        for (int i = 0; i < 300; i++) {
            int sku = random.nextInt(SKUS);
            int f = random.nextInt(FACILITIES);
            ProductFacility pf =
                    new ProductFacility(sku(sku), facility(f), (long) random.nextInt(4), random.nextInt(10) > 0);
            reference.settings.put(sku + "|" + f, pf);
            send(client, topics.productFacility(), pf);
        }
        for (int i = 0; i < 100; i++) {
            int sku = random.nextInt(SKUS);
            List<String> locations = new ArrayList<>(LOCATIONS.keySet());
            java.util.Collections.sort(locations);
            String location = random.nextBoolean() ? null : locations.get(random.nextInt(locations.size()));
            long threshold = random.nextInt(5);
            reference.thresholds.put(sku + "|" + (location == null ? "*" : location), threshold);
            send(client, topics.thresholds(), new ProductThreshold(sku(sku), location, threshold));
        }
    }

    private static void publishEvents(Map<String, Object> client, Topics topics, Reference reference, Random random) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        Topic<InventoryEvent> topic = topics.inventoryEvents();
        try (KafkaProducer<String, InventoryEvent> producer = new KafkaProducer<>(
                props, new StringSerializer(), topic.valueSerde(client).serializer())) {
            InventoryEvent previous = null;
            for (int i = 0; i < EVENTS; i++) {
                if (previous != null && random.nextInt(50) == 0) {
                    producer.send(new ProducerRecord<>(topic.name(), previous.getSku(), previous)); // a duplicate
                    continue;
                }
                int sku = random.nextInt(SKUS);
                int f = random.nextInt(FACILITIES);
                long n = 1 + random.nextInt(5);
                EventType type = EventType.values()[random.nextInt(8)];
                long[] diffs = switch (type) {
                    case RECEIPT, TRANSFER_RECEIPT, RETURN_RESTOCK, FOUND -> new long[] {n * 3, n * 3};
                    case POS_SALE, DAMAGED, LOST, SHRINKAGE -> new long[] {-n, -n};
                    default -> throw new IllegalStateException();
                };
                InventoryEvent e = InventoryEvent.newBuilder()
                        .setEventId("ev-" + i)
                        .setSource("IT")
                        .setType(type)
                        .setSku(sku(sku))
                        .setFacilityId(facility(f))
                        .setQohDiff(diffs[0])
                        .setAtpDiff(diffs[1])
                        .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                        .build();
                reference.apply(sku, f, diffs[1]);
                producer.send(new ProducerRecord<>(topic.name(), e.getSku(), e));
                previous = e;
            }
        }
    }

    /** The independent model: ATP sums and DESIGN.md's formula written out again. */
    static final class Reference {
        final Map<String, Long> atp = new HashMap<>();
        final Map<String, ProductFacility> settings = new HashMap<>();
        final Map<String, Long> thresholds = new HashMap<>();

        void apply(int sku, int f, long atpDiff) {
            atp.merge(sku + "|" + f, atpDiff, Long::sum);
        }

        Map<String, Long> onlineAtp() {
            Map<String, Long> result = new HashMap<>();
            for (int sku = 0; sku < SKUS; sku++) {
                for (Map.Entry<String, List<Integer>> location : LOCATIONS.entrySet()) {
                    boolean stocked = false;
                    long sum = 0;
                    for (int f : location.getValue()) {
                        String key = sku + "|" + f;
                        if (!atp.containsKey(key) && !settings.containsKey(key)) {
                            continue;
                        }
                        stocked = true;
                        ProductFacility pf = settings.get(key);
                        boolean allowed = pf == null || pf.getAllowOnline();
                        long safety = pf == null ? 0 : pf.getSafetyStock();
                        if (!OFFLINE.contains(f) && allowed) {
                            sum += Math.max(0, atp.getOrDefault(key, 0L) - safety);
                        }
                    }
                    if (stocked) {
                        Long threshold = thresholds.get(sku + "|" + location.getKey());
                        if (threshold == null) {
                            threshold = thresholds.getOrDefault(sku + "|*", 0L);
                        }
                        result.put(location.getKey() + "|" + sku(sku), Math.max(0, sum - threshold));
                    }
                }
            }
            return result;
        }
    }

    private static <V extends SpecificRecord> void send(Map<String, Object> client, Topic<V> topic, V value) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                client, new StringSerializer(), topic.valueSerde(client).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), value));
        }
    }

    private static KafkaConsumer<String, OnlineAtp> consumer(Map<String, Object> client, Topic<OnlineAtp> topic) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + topic.name());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, OnlineAtp> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), topic.valueSerde(client).deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** At most 20 differences, readable: key → expected vs actual. */
    private static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
                diffs.add(k + ": expected " + expected.get(k) + ", was " + actual.get(k));
            }
        }
        if (diffs.size() > 20) {
            List<String> head = new ArrayList<>(diffs.subList(0, 20));
            head.add("... " + diffs.size() + " differences of " + keys.size() + " keys");
            return head;
        }
        return diffs;
    }

    /** /ready answers 200 with ready=true (503 with its reasons before). */
    private static boolean ready(String base) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/ready"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"ready\":true");
        } catch (Exception e) {
            return false;
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s → %s", url, r.body()).isEqualTo(200);
        return r.body();
    }

    static String sku(int i) {
        return String.format("SKU-%04d", i);
    }

    static String facility(int i) {
        return String.format("F%02d", i);
    }

    static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }
}
