package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.local.ConnectWorkerProcess;
import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.Ports;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.schemas.AdjustmentKind;
import io.atpsync.testing.Await;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The built plugin in a real Connect worker process, on a real broker, writing to the emulator. */
@ExtendWith(KafkaBrokerExtension.class)
class ShopifySinkConnectorIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private KafkaBroker kafka;
    private DevSchemaRegistry registry;
    private EmulatedShop shop;
    private ConnectWorkerProcess worker;
    private String topic;
    private String dlq;
    private int seq;

    @BeforeEach
    void start(KafkaBroker kafka) throws Exception {
        this.kafka = kafka;
        registry = new DevSchemaRegistry(0);
        shop = new EmulatedShop(List.of("A", "B"), 10);
        topic = kafka.createTopic("atp.adjustments", 2);
        dlq = kafka.createTopic("atp.adjustments.dlq", 1);
        worker = new ConnectWorkerProcess(
                ConnectWorkerProcess.Mode.DISTRIBUTED,
                kafka.bootstrapServers(),
                Ports.free(),
                Path.of("target/plugin").toAbsolutePath(),
                home.resolve("connect"),
                List.of());
        worker.start(Duration.ofSeconds(90));
        assertThat(worker.get("/connector-plugins")).contains("io.atpsync.sink.ShopifySinkConnector");
    }

    @AfterEach
    void stop() {
        worker.stop();
        shop.close();
        registry.close();
    }

    private String config(String token) throws Exception {
        return JSON.writeValueAsString(shop.workerConnectorConfig(token, registry.url(), topic, dlq, 2));
    }

    private void produce(List<AdjustmentBatch> batches) {
        EmulatedShop.produce(kafka.bootstrapServers(), registry.url(), topic, batches);
    }

    private AdjustmentBatch adjust(String item, String sku, long delta) {
        return new AdjustmentBatch(
                "conn-e0-p0-" + (++seq),
                EmulatedShop.SHOP,
                shop.location,
                AdjustmentKind.ADJUST,
                "correction",
                List.of(new AdjustmentChange(item, sku, delta, null, List.of(), List.of())),
                Instant.now(),
                Instant.now(),
                null,
                null,
                null);
    }

    @Test
    void shouldApplyBatchesAndDeadLetterWhatShopifyRefuses() throws Exception {
        String unstocked = shop.unstockedItem("U");
        List<AdjustmentBatch> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batches.add(adjust(shop.item("A"), "A", i % 2 == 0 ? -1 : 2));
        }
        batches.add(new AdjustmentBatch(
                "conn-e0-p0-mixed",
                EmulatedShop.SHOP,
                shop.location,
                AdjustmentKind.ADJUST,
                "received",
                List.of(
                        new AdjustmentChange(shop.item("B"), "B", 5L, null, List.of(), List.of()),
                        new AdjustmentChange(unstocked, "U", 3L, null, List.of(), List.of())),
                null,
                null,
                null,
                null,
                null));
        produce(batches);
        worker.put("/connectors/shopify/config", config(EmulatedShop.TOKEN));

        Await.until("levels to settle", Duration.ofSeconds(60), () -> level("A") == 20 && level("B") == 15);
        List<ConsumerRecord<String, byte[]>> letters = readDlq(1);
        assertThat(letters).hasSize(1);
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8))
                .contains("\"sku\":\"U\"")
                .contains(unstocked);
        assertThat(header(letters.get(0), ShopifySinkTask.HEADER_CODE)).isEqualTo("INVALID_LOCATION");
        assertThat(header(letters.get(0), ShopifySinkTask.HEADER_BATCH)).isEqualTo("conn-e0-p0-mixed");
        assertThat(worker.process().logTail(2000)).doesNotContain(EmulatedShop.TOKEN);
    }

    @Test
    void shouldFailLoudlyWithAReadOnlyTokenThenApplyEverythingOnceWhenFixed() throws Exception {
        produce(List.of(adjust(shop.item("A"), "A", -3), adjust(shop.item("A"), "A", -2)));
        worker.put("/connectors/shopify/config", config(EmulatedShop.READ_ONLY));

        Await.until("the task to fail", Duration.ofSeconds(60), () -> status().contains("\"state\":\"FAILED\""));
        assertThat(status())
                .contains(EmulatedShop.SHOP)
                .contains("write_inventory")
                .doesNotContain(EmulatedShop.READ_ONLY);
        assertThat(shop.available("A")).isEqualTo(10);

        worker.put("/connectors/shopify/config", config(EmulatedShop.TOKEN));
        Await.until("the batches to apply", Duration.ofSeconds(60), () -> level("A") == 5);
        assertThat(shop.history()).hasSize(2);
    }

    /**
     * Issue "Right against the real Shopify", requirement 7: a fatal error in the middle of {@code put()} (the token
     * revoked after 4 of 10 batches, as when the merchant uninstalls the app) commits the offsets of the 4 applied
     * batches. Before, the task failed with its last commit before all 10.
     */
    @Test
    void shouldCommitTheBatchesAppliedBeforeAFatalErrorMidPut() throws Exception {
        List<AdjustmentBatch> batches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.add(adjust(shop.item("A"), "A", -1));
        }
        produce(batches); // one key: one partition, one delivery
        shop.admin("PUT", "/shops/" + EmulatedShop.SHOP + "/faults", Map.of("revokeTokenAfterMutations", 4));
        worker.put("/connectors/shopify/config", config(EmulatedShop.TOKEN));

        Await.until("the task to fail", Duration.ofSeconds(60), () -> status().contains("\"state\":\"FAILED\""));
        assertThat(shop.available("A")).isEqualTo(6);
        assertThat(status()).contains("HTTP 401").doesNotContain(EmulatedShop.TOKEN);
        Await.until(
                "the applied offsets to be committed",
                Duration.ofSeconds(30),
                () -> committed().equals(Map.of(partitionOfA(), 4L)));

        shop.admin(
                "POST",
                "/shops/" + EmulatedShop.SHOP + "/tokens",
                Map.of(
                        "token",
                        EmulatedShop.TOKEN + "-new",
                        "scopes",
                        List.of("read_inventory", "write_inventory", "read_merchant_managed_fulfillment_orders")));
        worker.put("/connectors/shopify/config", config(EmulatedShop.TOKEN + "-new"));
        Await.until("the other 6 to apply", Duration.ofSeconds(60), () -> level("A") == 0);
        assertThat(shop.history()).hasSize(10);
        Await.until(
                "everything committed",
                Duration.ofSeconds(90),
                () -> committed().equals(Map.of(partitionOfA(), 10L)));
    }

    private int partitionOfA() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            for (var p : c.partitionsFor(topic)) {
                var tp = new org.apache.kafka.common.TopicPartition(topic, p.partition());
                if (c.endOffsets(List.of(tp)).get(tp) > 0) {
                    return p.partition();
                }
            }
        }
        return -1;
    }

    private Map<Integer, Long> committed() {
        try {
            Map<Integer, Long> out = new HashMap<>();
            kafka.admin()
                    .listConsumerGroupOffsets("connect-shopify")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((tp, o) -> {
                        if (tp.topic().equals(topic) && o != null && o.offset() > 0) {
                            out.put(tp.partition(), o.offset());
                        }
                    });
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }

    @Test
    void shouldApplyEveryBatchOnceAcrossAWorkerKilledMidStream() throws Exception {
        shop.admin(
                "PUT",
                "/shops/" + EmulatedShop.SHOP + "/faults",
                Map.of("timeoutRate", 0.3, "timeoutDelayMillis", 300, "seed", 5));
        List<AdjustmentBatch> batches = new ArrayList<>();
        long expected = 10;
        for (int i = 0; i < 60; i++) {
            long delta = i % 3 == 0 ? -2 : 1;
            expected += delta;
            batches.add(adjust(shop.item("A"), "A", delta));
        }
        produce(batches);
        worker.put("/connectors/shopify/config", config(EmulatedShop.TOKEN));
        Await.until("some batches applied", Duration.ofSeconds(60), () -> historySize() >= 10);

        worker.process().kill();
        worker.start(Duration.ofSeconds(90));

        long target = expected;
        Await.until("every batch applied", Duration.ofSeconds(180), () -> historySize() == 60 && level("A") == target);
        assertThat(shop.stats().path("changesApplied").asLong()).isEqualTo(60);
    }

    private long level(String sku) {
        try {
            return shop.available(sku);
        } catch (Exception e) {
            return Long.MIN_VALUE;
        }
    }

    private int historySize() {
        try {
            return shop.history().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private String status() {
        try {
            return worker.get("/connectors/shopify/status");
        } catch (Exception e) {
            return "";
        }
    }

    private List<ConsumerRecord<String, byte[]>> readDlq(int expected) {
        Map<String, Object> c = Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                "dlq-" + dlq,
                "auto.offset.reset",
                "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlq));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
