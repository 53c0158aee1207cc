package io.atpsync.harness;

import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** B1's baseline: a Kafka Streams app that only reads the events and writes them on, with the same guarantees. */
final class PassThroughApp {

    private PassThroughApp() {}

    /** Same input topic, serdes (Avro in and out), partitions and guarantee; no logic. */
    static KafkaStreams start(String bootstrap, String registry, Topics topics, Path state) {
        Map<String, Object> serde = Map.of(RegistryClientConfig.URL, registry);
        Serde<InventoryEvent> events = topics.inventoryEvents().valueSerde(serde);
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topics.inventoryEvents().name(), Consumed.with(Serdes.String(), events))
                .to(topics.prefix() + "pass-through", Produced.with(Serdes.String(), events));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.prefix() + "pt");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L); // as the ATP Sync app (AppConfig)
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                            topics.prefix() + "pass-through", 6, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new KafkaStreams(b.build(), p);
    }
    /** Waits for RUNNING; returns when it was reached (nanoTime). */
    static long awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return System.nanoTime();
    }
}
