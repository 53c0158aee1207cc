package io.atpsync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.AppConfig;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams app as a process, SIGKILLed twice mid-stream under load: the committed adjustment batches, summed per
 * (location, SKU), must equal the final online ATP — nothing lost, nothing doubled.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PushExactlyOnceIT {

    static final int EVENTS = 30_000;
    static final int SKUS = 200;
    static final String SHOP = "crash.myshopify.com";
    static final String LOCATION = "gid://shopify/Location/77";

    @TempDir
    Path home;

    @Test
    void shouldNeitherLoseNorDoubleAVarianceAcrossKills(KafkaBroker kafka) throws Exception {
        Topics topics = new Topics("crash" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 3, (short) 1);
        try (DevSchemaRegistry registry = new DevSchemaRegistry(0)) {
            Map<String, Object> client =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), RegistryClientConfig.URL, registry.url());
            send(client, topics.facilities(), List.of(new Facility("F1", "F1", "STORE", true)));
            send(
                    client,
                    topics.locationMappings(),
                    List.of(new LocationMapping(LOCATION, SHOP, List.of("F1"), null, null)));
            List<CatalogItem> catalog = new java.util.ArrayList<>();
            for (int i = 0; i < SKUS; i++) {
                catalog.add(new CatalogItem(SHOP, sku(i), "gid://shopify/InventoryItem/" + (1000 + i), null, null));
            }
            send(client, topics.catalog(), catalog);

            StreamsAppProcess app = AppProcesses.of(
                    kafka.bootstrapServers(),
                    registry.url(),
                    home,
                    Map.of(
                            AppConfig.TOPIC_PREFIX,
                            topics.prefix(),
                            "application.id",
                            topics.prefix() + "app",
                            AppConfig.FLUSH_INTERVAL_MS,
                            "500"));
            app.start(Duration.ofSeconds(120));
            Map<String, Long> atp = new HashMap<>();
            Random random = new Random(99);
            Topic<InventoryEvent> events = topics.inventoryEvents();
            try (KafkaProducer<String, InventoryEvent> producer = new KafkaProducer<>(
                    client, new StringSerializer(), events.valueSerde(client).serializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    String sku = sku(random.nextInt(SKUS));
                    boolean receipt = random.nextInt(3) > 0;
                    long qty = receipt ? 1 + random.nextInt(4) : -1;
                    InventoryEvent e = InventoryEvent.newBuilder()
                            .setEventId("c-" + i)
                            .setSource("IT")
                            .setType(receipt ? EventType.RECEIPT : EventType.POS_SALE)
                            .setSku(sku)
                            .setFacilityId("F1")
                            .setQohDiff(qty)
                            .setAtpDiff(qty)
                            .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                            .build();
                    atp.merge(sku, qty, Long::sum);
                    producer.send(new ProducerRecord<>(events.name(), sku, e));
                    if (i == EVENTS / 3 || i == 2 * EVENTS / 3) {
                        producer.flush();
                        Thread.sleep(1500); // mid-stream: windows open, transactions in flight
                        assertThat(app.process().kill()).isTrue();
                        app.start(Duration.ofSeconds(120));
                    }
                }
            }

            Map<String, Long> expected = new HashMap<>();
            atp.forEach((sku, units) -> expected.put(LOCATION + "|" + sku, Math.max(0, units)));
            expected.values().removeIf(v -> v == 0);
            Map<String, Long> pushed = new HashMap<>();
            Set<String> batchIds = new HashSet<>();
            int duplicates = 0;
            try (KafkaConsumer<String, AdjustmentBatch> consumer = consumer(client, topics.adjustments())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (System.nanoTime() < deadline && !withoutZeros(pushed).equals(expected)) {
                    for (var r : consumer.poll(Duration.ofMillis(500))) {
                        if (!batchIds.add(r.value().getBatchId())) {
                            duplicates++;
                        }
                        for (AdjustmentChange c : r.value().getChanges()) {
                            pushed.merge(
                                    r.value().getShopifyLocationId() + "|" + c.getSku(), c.getQuantity(), Long::sum);
                        }
                    }
                }
            } finally {
                app.stop();
            }
            System.out.printf(
                    "%d committed batches for %d keys after 2 kills; duplicates %d%n",
                    batchIds.size(), expected.size(), duplicates);
            assertThat(duplicates)
                    .as("a committed batch is never committed twice")
                    .isZero();
            assertThat(withoutZeros(pushed)).isEqualTo(expected);
        }
    }

    private static Map<String, Long> withoutZeros(Map<String, Long> m) {
        Map<String, Long> copy = new HashMap<>(m);
        copy.values().removeIf(v -> v == 0);
        return copy;
    }

    private static String sku(int i) {
        return String.format("SKU-%03d", i);
    }

    private static <V extends SpecificRecord> void send(Map<String, Object> client, Topic<V> topic, List<V> values) {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(
                client, new StringSerializer(), topic.valueSerde(client).serializer())) {
            values.forEach(v -> p.send(new ProducerRecord<>(topic.name(), topic.keyOf(v), v)));
        }
    }

    private static KafkaConsumer<String, AdjustmentBatch> consumer(
            Map<String, Object> client, Topic<AdjustmentBatch> topic) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + topic.name());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, AdjustmentBatch> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), topic.valueSerde(client).deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }
}
