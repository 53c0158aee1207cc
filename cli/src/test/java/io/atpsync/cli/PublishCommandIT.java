package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.schemas.registry.RestSchemaRegistryClient;
import io.atpsync.schemas.serde.AvroDeserializer;
import io.atpsync.testing.CommandRun;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code atp-sync publish}: all or nothing, named lines, keys from the topic's rule. */
@ExtendWith(KafkaBrokerExtension.class)
class PublishCommandIT {

    private static DevSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = new DevSchemaRegistry(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static final String SALE =
            "{\"eventId\":\"e%d\",\"source\":\"POS\",\"type\":\"POS_SALE\",\"sku\":\"SKU-%d\","
                    + "\"facilityId\":\"s1\",\"qohDiff\":-1,\"atpDiff\":-1,\"occurredAt\":\"2026-11-22T12:59:59Z\"}";

    @Test
    void shouldPublishAValidFileWithKeysFromTheTopicRule(KafkaBroker kafka) throws Exception {
        Topics topics = topicsOn(kafka);
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.format(SALE, 1, 1) + "\n\n" + String.format(SALE, 2, 2) + "\n");

        CommandRun run = publish(kafka, topics, topics.inventoryEvents().name(), file);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("published 2 record(s)");
        List<ConsumerRecord<String, InventoryEvent>> read =
                readAll(kafka, topics.inventoryEvents().name(), InventoryEvent.class, 2);
        assertThat(read).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("SKU-1", "SKU-2");
        assertThat(read).extracting(r -> r.value().getEventId()).containsExactlyInAnyOrder("e1", "e2");
    }

    @Test
    void shouldPublishNothingAndNameEveryBadLine(KafkaBroker kafka) throws Exception {
        Topics topics = topicsOn(kafka);
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(
                file,
                String.format(SALE, 1, 1) + "\n"
                        + String.format(SALE, 2, 2).replace("POS_SALE", "SOLD") + "\n"
                        + String.format(SALE, 3, 3) + "\n"
                        + "{\"eventId\":\"e4\"\n");

        CommandRun run = publish(kafka, topics, topics.inventoryEvents().name(), file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(file + ":2: type: expected one of")
                .contains(file + ":4: (line): not valid JSON")
                .contains("nothing was published");
        assertThat(readAll(kafka, topics.inventoryEvents().name(), InventoryEvent.class, 0))
                .isEmpty();
    }

    @Test
    void shouldSendAHardSyncRequestToEveryPartitionOfTheControlTopic(KafkaBroker kafka) throws Exception {
        Topics topics = topicsOn(kafka);
        Path file = dir.resolve("hard-sync.jsonl");
        Files.writeString(file, "{\"requestId\":\"hs-1\",\"shop\":\"demo.myshopify.com\",\"requestedAt\":1}\n");

        CommandRun run = publish(kafka, topics, topics.control().name(), file);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(readAll(kafka, topics.control().name(), HardSyncRequest.class, 3))
                .extracting(ConsumerRecord::partition)
                .containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void shouldRefuseAnUnknownTopicAndListTheContract(KafkaBroker kafka) throws Exception {
        Path file = dir.resolve("x.jsonl");
        Files.writeString(file, "{}\n");
        CommandRun run = publish(kafka, Topics.DEFAULT, "inventory.event", file);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("unknown topic inventory.event").contains("inventory.events");
    }

    private static Topics topicsOn(KafkaBroker kafka) {
        Topics topics = new Topics("pub-" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 3, (short) 1);
        return topics;
    }

    private static CommandRun publish(KafkaBroker kafka, Topics topics, String topic, Path file) {
        return CliRun.of(
                "publish",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--registry-url",
                registry.url(),
                "--topic-prefix",
                topics.prefix(),
                "--topic",
                topic,
                "--file",
                file.toString());
    }

    private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(
            KafkaBroker kafka, String topic, Class<V> type, int expected) {
        Map<String, Object> c = Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "read-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                RegistryClientConfig.URL,
                registry.url());
        List<ConsumerRecord<String, V>> read = new ArrayList<>();
        AvroDeserializer<V> values =
                new AvroDeserializer<>(type, new RestSchemaRegistryClient(RegistryClientConfig.from(c)));
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(expected == 0 ? 5 : 30).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || read.size() < expected)) {
                consumer.poll(Duration.ofMillis(300)).forEach(read::add);
            }
        }
        return read;
    }
}
