package io.atpsync.harness;

import io.atpsync.local.Ports;
import io.atpsync.local.StreamsAppProcess;
import io.atpsync.local.TopicCreator;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import io.atpsync.streams.config.AppConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * B5, recovery: the real Streams app process holding state for {@code skus × 50} facility positions (and as many event
 * ids) is SIGKILLed and restarted. Each case times, from the restart (or the kill, when another instance takes over),
 * until events produced at that moment are processed and committed: with the local state dir, with it wiped, with
 * static membership, and two instances with and without standby replicas when one of them dies.
 */
final class Recovery {

    private static final int FACILITIES = 50;

    private final StreamsAppProcess base;
    private final Path home;
    private final Topics topics;
    private final String appId;
    private final Map<String, Object> client;
    private final PrintWriter log;
    private final int skus;
    private int probes;

    private Recovery(StreamsAppProcess base, Path home, int skus, PrintWriter log) {
        this.base = base;
        this.home = home;
        this.skus = skus;
        this.log = log;
        this.topics = new Topics("b5-" + System.currentTimeMillis() + ".");
        this.appId = topics.prefix() + "app";
        this.client =
                Map.of("bootstrap.servers", base.bootstrapServers(), RegistryClientConfig.URL, base.registryUrl());
    }

    static Map<String, Object> run(StreamsAppProcess base, Path home, int skus, PrintWriter log) throws Exception {
        return new Recovery(base, home, skus, log).run();
    }

    private Map<String, Object> run() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", base.bootstrapServers()))) {
            TopicCreator.createAll(admin, topics, 6, (short) 1);
            StreamsThroughput.sendConfig(client, topics, B1Workload.STRESS);
            load();
            StreamsAppProcess a = instance("a", Map.of());
            long t0 = System.nanoTime();
            a.start(Duration.ofMinutes(5));
            ConsumerGroups.awaitConsumed(admin, appId, topics.inventoryEvents().name(), Duration.ofMinutes(60));
            r.put("keys", (long) skus * FACILITIES);
            r.put("loadSeconds", seconds(t0));
            r.put("changelogRecords", changelogRecords(admin));
            log.printf(
                    "B5: state for %,d positions built in %s s (%,d changelog records)%n",
                    (long) skus * FACILITIES, r.get("loadSeconds"), r.get("changelogRecords"));
            log.flush();
            Thread.sleep(2_000);

            r.put("localState", killAndRestart(admin, a, false, "restart with the local state dir"));
            r.put(
                    "wipedState",
                    killAndRestart(admin, a, true, "restart with the state dir wiped (restore from changelogs)"));
            a.stop();
            StreamsAppProcess stat = instance("a", Map.of("main.consumer.group.instance.id", appId + "-a"));
            stat.start(Duration.ofMinutes(5));
            AppProcesses.awaitRunning(stat, Duration.ofMinutes(10));
            ConsumerGroups.awaitConsumed(admin, appId, topics.inventoryEvents().name(), Duration.ofMinutes(10));
            Thread.sleep(2_000);
            // Killed twice: first when it has only caught up since its clean start, then after its restart has
            // processed the probe
            // events (a busy app's crash). Both reuse the local state here; the first kill above (an instance never
            // stopped cleanly)
            // found its tasks corrupted (TaskCorruptedException) and restored them from the changelogs.
            r.put(
                    "localStateStaticMembershipIdle",
                    killAndRestart(
                            admin,
                            stat,
                            false,
                            "restart with the local state dir, static "
                                    + "membership, nothing processed since a clean start"));
            r.put(
                    "localStateStaticMembership",
                    killAndRestart(
                            admin,
                            stat,
                            false,
                            "restart with the local state dir, static membership, events processed since it started"));
            stat.stop();

            r.put("twoInstancesNoStandby", failover(admin, "0"));
            r.put("twoInstancesStandby", failover(admin, "1"));
        }
        r.put(
                "note",
                "time from the restart (or the kill, when the other instance "
                        + "takes over) until events produced at that moment are "
                        + "processed and committed; exactly_once_v2, 6 partitions, "
                        + "default session.timeout.ms (45 s) unless static membership");
        return r;
    }

    private Map<String, Object> killAndRestart(Admin admin, StreamsAppProcess app, boolean wipe, String what)
            throws Exception {
        log.printf("B5: %s ...%n", what);
        log.flush();
        app.process().kill();
        AppProcesses.awaitGone(app);
        if (wipe) {
            AppProcesses.delete(app.home().resolve("state"));
        }
        long t0 = System.nanoTime();
        probe();
        app.start(Duration.ofMinutes(5));
        double running = AppProcesses.awaitRunning(app, Duration.ofMinutes(30)) - t0;
        ConsumerGroups.awaitConsumed(admin, appId, topics.inventoryEvents().name(), Duration.ofMinutes(30));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", what);
        m.put("secondsToRunning", Math.round(running / 1e8) / 10.0);
        m.put("secondsToProcessing", seconds(t0));
        log.printf("B5: %s%n", m);
        log.flush();
        Thread.sleep(2_000);
        return m;
    }

    /**
     * Two instances (standby replicas as given). The one that started first holds every active task (the newcomer gets
     * warm-up or standby tasks only); it is SIGKILLed and the other takes over. A 10 s session timeout keeps the wait
     * for the dead member short; the difference between the two cases is the restore the standbys save.
     */
    private Map<String, Object> failover(Admin admin, String standbys) throws Exception {
        String what = "two instances, num.standby.replicas=" + standbys
                + ", the active one SIGKILLed (session.timeout.ms 10 s)";
        log.printf("B5: %s ...%n", what);
        log.flush();
        Map<String, String> settings =
                Map.of("num.standby.replicas", standbys, "main.consumer.session.timeout.ms", "10000");
        StreamsAppProcess a = instance("a", settings);
        StreamsAppProcess b = instance("b", settings);
        a.start(Duration.ofMinutes(5));
        AppProcesses.awaitRunning(a, Duration.ofMinutes(30));
        ConsumerGroups.awaitConsumed(admin, appId, topics.inventoryEvents().name(), Duration.ofMinutes(30));
        b.start(Duration.ofMinutes(5));
        AppProcesses.awaitRunning(b, Duration.ofMinutes(30));
        Thread.sleep(20_000); // the newcomer's standby or warm-up tasks catch up with the changelogs
        AppProcesses.awaitRunning(a, Duration.ofMinutes(10));
        AppProcesses.awaitRunning(b, Duration.ofMinutes(10));
        long t0 = System.nanoTime();
        a.process().kill();
        AppProcesses.awaitGone(a);
        probe();
        ConsumerGroups.awaitConsumed(admin, appId, topics.inventoryEvents().name(), Duration.ofMinutes(30));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", what);
        m.put("secondsToProcessing", seconds(t0));
        log.printf("B5: %s%n", m);
        log.flush();
        b.stop();
        AppProcesses.delete(b.home().resolve("state"));
        return m;
    }

    private StreamsAppProcess instance(String name, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(extra);
        config.put("application.id", appId);
        config.put(AppConfig.TOPIC_PREFIX, topics.prefix());
        return new StreamsAppProcess(
                base.mainClass(),
                base.classpath(),
                base.bootstrapServers(),
                base.registryUrl(),
                Ports.free(),
                home.resolve(name),
                Map.copyOf(config));
    }

    private void load() throws Exception {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Topic<InventoryEvent> topic = topics.inventoryEvents();
        try (KafkaProducer<String, InventoryEvent> p = new KafkaProducer<>(
                c, new StringSerializer(), topic.valueSerde(c).serializer())) {
            for (int s = 0; s < skus; s++) {
                for (int f = 0; f < FACILITIES; f++) {
                    InventoryEvent e = event(topics.prefix() + s + "-" + f, s, f);
                    p.send(new ProducerRecord<>(topic.name(), topic.keyOf(e), e));
                }
            }
        }
        log.printf(
                "B5: loaded %,d events (one per SKU and facility) into %s%n", (long) skus * FACILITIES, topic.name());
        log.flush();
    }

    /** 60 events on existing keys, spread over the partitions, produced now. */
    private void probe() {
        Topic<InventoryEvent> topic = topics.inventoryEvents();
        try (KafkaProducer<String, InventoryEvent> p = new KafkaProducer<>(
                client, new StringSerializer(), topic.valueSerde(client).serializer())) {
            for (int i = 0; i < 60; i++) {
                InventoryEvent e = event(topics.prefix() + "probe-" + probes++, (i * 7919) % skus, i % FACILITIES);
                p.send(new ProducerRecord<>(topic.name(), topic.keyOf(e), e));
            }
        }
    }

    private static InventoryEvent event(String id, int sku, int facility) {
        return InventoryEvent.newBuilder()
                .setEventId(id)
                .setSource("BENCH")
                .setType(EventType.RECEIPT)
                .setSku(String.format("B5-%06d", sku))
                .setFacilityId("F" + facility)
                .setQohDiff(5)
                .setAtpDiff(5)
                .setOccurredAt(Instant.now())
                .build();
    }

    private long changelogRecords(Admin admin) throws Exception {
        return ConsumerGroups.endOffsets(admin, n -> n.startsWith(appId) && n.endsWith("-changelog")).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }
}
