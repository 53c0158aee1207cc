package io.atpsync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.local.DevSchemaRegistry;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.CatalogItem;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.Facility;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.AppConfig;
import io.atpsync.streams.topology.AtpStores;
import io.atpsync.testing.Await;
import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail fast: a stream thread that dies of something no new thread gets past (here a poisoned state record: a format
 * this application does not read) takes the client to ERROR, and the process exits instead of staying up with a dead
 * client, so that its orchestrator restarts it and the failure is seen.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FailFastIT {

    static final String SHOP = "fail.myshopify.com";
    static final String LOCATION = "gid://shopify/Location/7";

    @TempDir
    Path home;

    @Test
    void shouldExitTheProcessWhenAStreamThreadDiesOfAFailureANewThreadCannotGetPast(KafkaBroker kafka)
            throws Exception {
        Topics topics = new Topics("fail" + System.nanoTime() + ".");
        TopicCreator.createAll(kafka.admin(), topics, 1, (short) 1);
        String appId = topics.prefix() + "app";
        // the position of (A, F1) as a record of a state format no version of this application writes
        String changelog = appId + "-" + AtpStores.POSITIONS + "-changelog";
        kafka.admin()
                .createTopics(
                        List.of(new NewTopic(changelog, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all()
                .get();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(changelog, 0, "A|F1", new byte[] {9, 0, 0}))
                    .get();
        }
        try (DevSchemaRegistry registry = new DevSchemaRegistry(0)) {
            Map<String, Object> client =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), RegistryClientConfig.URL, registry.url());
            send(client, topics.facilities(), new Facility("F1", "F1", "STORE", true));
            send(client, topics.locationMappings(), new LocationMapping(LOCATION, SHOP, List.of("F1"), null, null));
            send(client, topics.catalog(), new CatalogItem(SHOP, "A", "gid://shopify/InventoryItem/1", null, null));
            StreamsAppProcess app = AppProcesses.of(
                    kafka.bootstrapServers(),
                    registry.url(),
                    home,
                    Map.of(AppConfig.TOPIC_PREFIX, topics.prefix(), "application.id", appId));
            try {
                app.start(Duration.ofSeconds(120));

                send(
                        client,
                        topics.inventoryEvents(),
                        InventoryEvent.newBuilder()
                                .setEventId("poison-1")
                                .setSource("IT")
                                .setType(EventType.RECEIPT)
                                .setSku("A")
                                .setFacilityId("F1")
                                .setQohDiff(1)
                                .setAtpDiff(1)
                                .setOccurredAt(Instant.now())
                                .build());

                Await.until("the Streams app process exits", Duration.ofSeconds(90), () -> !app.running());
                String log = Files.readString(app.process().logFile());
                assertThat(log).contains("internal state format 9").contains("exiting with " + StreamsApp.EXIT_FATAL);
                assertThat(log).doesNotContain("replacing it");
            } finally {
                app.stop();
            }
        }
    }

    private static <V extends SpecificRecord> void send(Map<String, Object> client, Topic<V> topic, V value) {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(
                client, new StringSerializer(), topic.valueSerde(client).serializer())) {
            p.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), value));
        }
    }
}
