package io.atpsync.harness;

import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.StreamsApp;
import io.atpsync.streams.config.AppConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * B1: events per second through the online ATP + variance topology (exactly_once_v2, 6 partitions) versus a
 * pass-through Streams app with the same topics, serdes, partitions and guarantee, in the same JVM on the same broker,
 * one after the other on identical pre-loaded input.
 */
final class StreamsThroughput {

    private StreamsThroughput() {}

    /**
     * {@code streamsConfig}: settings of the ATP Sync app under test on top of its defaults (e.g. num.stream.threads).
     */
    static Map<String, Object> run(
            String bootstrap,
            String registry,
            B1Workload workload,
            int events,
            Path stateDir,
            Map<String, String> streamsConfig,
            PrintWriter log)
            throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap, RegistryClientConfig.URL, registry);
        Map<String, Object> result = new LinkedHashMap<>();
        String run = workload.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.currentTimeMillis();
        Topics atpTopics = new Topics("b1-atp-" + run + ".");
        Topics ptTopics = new Topics("b1-pt-" + run + ".");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicCreator.createAll(admin, atpTopics, 6, (short) 1);
            TopicCreator.createAll(admin, ptTopics, 6, (short) 1);
            Map<String, Object> producer = producerConfig(client);
            sendConfig(producer, atpTopics, workload);
            load(producer, ptTopics, workload, events, log);

            Map<String, String> atpConfig = new HashMap<>(streamsConfig);
            atpConfig.putAll(Map.of(
                    "bootstrap.servers",
                    bootstrap,
                    RegistryClientConfig.URL,
                    registry,
                    "application.id",
                    atpTopics.prefix() + "app",
                    "state.dir",
                    stateDir.resolve("atp-" + run).toString(),
                    AppConfig.TOPIC_PREFIX,
                    atpTopics.prefix(),
                    AppConfig.HTTP_PORT,
                    "0"));
            AppConfig atp = AppConfig.of(atpConfig);
            result.put("streamsConfig", new java.util.TreeMap<>(streamsConfig));
            result.put("workload", workload.name().toLowerCase(java.util.Locale.ROOT));
            result.put("mapping", workload.description());
            long t0;
            long atpRunning;
            long atpDone;
            long atpClosed;
            try (StreamsApp app = new StreamsApp(atp)) {
                // The configuration reaches every task first (the mapping broadcast is one more hop): otherwise the run
                // measures a start-up race — events processed before their location's mapping, then all recomputed.
                long started = System.nanoTime();
                app.start();
                PassThroughApp.awaitRunning(app.streams());
                ConsumerGroups.awaitGroupCaughtUp(admin, atpTopics.prefix() + "app", Duration.ofMinutes(5));
                app.streams().pause();
                log.printf(
                        "B1: ATP Sync app running with its configuration in %.1f s; loading the events ...%n",
                        (System.nanoTime() - started) / 1e9);
                log.flush();
                load(producer, atpTopics, workload, events, log);
                t0 = System.nanoTime();
                app.streams().resume();
                atpRunning = t0;
                ConsumerGroups.awaitConsumed(
                        admin,
                        atpTopics.prefix() + "app",
                        atpTopics.inventoryEvents().name(),
                        Duration.ofMinutes(30));
                atpDone = System.nanoTime();
            }
            atpClosed = System.nanoTime();
            double atpSeconds = (atpDone - t0) / 1e9;
            long atpRss = peakRssMb();

            long t1 = System.nanoTime();
            long ptRunning;
            long ptDone;
            try (KafkaStreams pt = PassThroughApp.start(bootstrap, registry, ptTopics, stateDir.resolve("pt-" + run))) {
                pt.start();
                ptRunning = PassThroughApp.awaitRunning(pt);
                ConsumerGroups.awaitConsumed(
                        admin,
                        ptTopics.prefix() + "pt",
                        ptTopics.inventoryEvents().name(),
                        Duration.ofMinutes(30));
                ptDone = System.nanoTime();
                pt.close(Duration.ofSeconds(30));
            }
            double ptSeconds = (ptDone - t1) / 1e9;
            result.put("atpSyncProcessingEventsPerSecond", Math.round(events / ((atpDone - atpRunning) / 1e9)));
            result.put("passThroughProcessingEventsPerSecond", Math.round(events / ((ptDone - ptRunning) / 1e9)));
            result.put("atpSyncCloseSeconds", Math.round((atpClosed - atpDone) / 1e8) / 10.0);
            result.put("events", events);
            result.put("partitions", 6);
            result.put("atpSyncEventsPerSecond", Math.round(events / atpSeconds));
            result.put("passThroughEventsPerSecond", Math.round(events / ptSeconds));
            result.put("ratio", Math.round((events / atpSeconds) / (events / ptSeconds) * 100) / 100.0);
            result.put("atpSyncSeconds", Math.round(atpSeconds * 10) / 10.0);
            result.put("passThroughSeconds", Math.round(ptSeconds * 10) / 10.0);
            result.put("peakRssMbAfterAtpSync", atpRss);
            // What bounds B1: offsets written by each app (outputs, changelogs, repartitions; transaction markers
            // included) per input event.
            Map<String, Long> atpByTopic = ConsumerGroups.offsetsWritten(
                    admin, atpTopics.prefix(), atpTopics.inventoryEvents().name());
            long atpWritten =
                    atpByTopic.values().stream().mapToLong(Long::longValue).sum();
            long ptWritten =
                    ConsumerGroups.offsetsWritten(
                                    admin,
                                    ptTopics.prefix(),
                                    ptTopics.inventoryEvents().name())
                            .values()
                            .stream()
                            .mapToLong(Long::longValue)
                            .sum();
            Map<String, Long> perTopic = new java.util.TreeMap<>();
            atpByTopic.forEach((t, n) -> {
                if (n > events / 100) {
                    perTopic.put(t.substring(atpTopics.prefix().length()), n);
                }
            });
            result.put("atpSyncOffsetsWrittenByTopic", perTopic);
            result.put("atpSyncOffsetsWrittenPerEvent", Math.round(atpWritten * 10.0 / events) / 10.0);
            result.put("passThroughOffsetsWrittenPerEvent", Math.round(ptWritten * 10.0 / events) / 10.0);
            result.put(
                    "note",
                    "both read pre-loaded input; events/s: pass-through "
                            + "from start to every input offset committed (start-up "
                            + "included, close not), ATP Sync from resuming (it was started "
                            + "first and paused once its configuration was processed) to "
                            + "every input offset committed; processing: from "
                            + "RUNNING (resume) to every offset committed");
        }
        return result;
    }

    /** The stress mapping, then the reference retailer's (under {@code "reference"}), each with its pass-through. */
    static Map<String, Object> sideBySide(
            io.atpsync.local.LocalStackConfig config,
            int events,
            Path stateDir,
            Map<String, String> streamsConfig,
            PrintWriter log)
            throws Exception {
        String bootstrap = config.broker().bootstrapServers();
        String registry = config.registry().url();
        Map<String, Object> stress = run(bootstrap, registry, B1Workload.STRESS, events, stateDir, streamsConfig, log);
        log.printf("B1: the same on the reference retailer's mapping ...%n");
        log.flush();
        stress.put("reference", run(bootstrap, registry, B1Workload.REFERENCE, events, stateDir, streamsConfig, log));
        return stress;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> client) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return c;
    }

    /** The seeded events only: the ATP app got its configuration before it was paused; the pass-through needs none. */
    private static void load(Map<String, Object> c, Topics topics, B1Workload workload, int events, PrintWriter log)
            throws Exception {
        Random random = new Random(1);
        Topic<InventoryEvent> topic = topics.inventoryEvents();
        try (KafkaProducer<String, InventoryEvent> p = new KafkaProducer<>(
                c, new StringSerializer(), topic.valueSerde(c).serializer())) {
            for (int i = 0; i < events; i++) {
                InventoryEvent e = workload.event(random, topics.prefix(), i);
                p.send(new ProducerRecord<>(topic.name(), e.getSku(), e));
            }
        }
        log.printf("B1: loaded %d events (%s) into %s%n", events, workload, topic.name());
        log.flush();
    }

    /** The workload's facilities, location mappings and catalogue. */
    static void sendConfig(Map<String, Object> c, Topics topics, B1Workload workload) {
        send(c, topics.facilities(), workload.facilities());
        send(c, topics.locationMappings(), workload.mappings());
        send(c, topics.catalog(), workload.catalog());
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> void send(
            Map<String, Object> c, Topic<V> topic, List<V> values) {
        try (KafkaProducer<String, V> p = new KafkaProducer<>(
                c, new StringSerializer(), topic.valueSerde(c).serializer())) {
            values.forEach(v -> p.send(new ProducerRecord<>(topic.name(), topic.keyOf(v), v)));
        }
    }

    private static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
