package io.atpsync.streams.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.HardSyncRequest;
import io.atpsync.schemas.Topics;
import io.atpsync.streams.config.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The dashboard's system page, as JSON: Streams state and consumer lag, the sink connector's state from Connect's REST
 * API and its metrics, the DLQ counts and the last hard sync. Computed at most every two seconds however often it is
 * asked; any part that cannot be read says why instead.
 */
public final class SystemStatus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CACHE = Duration.ofSeconds(2);
    private final KafkaStreams streams;
    private final AppConfig config;
    private final Topics topics;
    private final Supplier<List<Map<String, Object>>> hardSyncStatus;
    private final Supplier<Map<String, Object>> reconcileSchedule;
    private final Admin admin;
    private final GroupLag lag;
    private final SinkCounters sinkCounters;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Map<String, Object> cached;
    private Instant cachedAt = Instant.EPOCH;
    private String lastHardSync;

    /** {@code hardSync}: the status of a request id, from every instance. */
    public SystemStatus(
            KafkaStreams streams,
            AppConfig config,
            java.util.function.Function<String, List<Map<String, Object>>> hardSync,
            Supplier<Map<String, Object>> reconcileSchedule) {
        this.reconcileSchedule = reconcileSchedule;
        this.streams = streams;
        this.config = config;
        this.topics = config.topics();
        this.admin = Admin.create(clientConfigs(config));
        this.lag = new GroupLag(admin, clientConfigs(config), config.applicationId());
        this.sinkCounters = new SinkCounters(http, config.connectUrl());
        this.hardSyncStatus = () -> lastHardSync == null ? List.of() : hardSync.apply(lastHardSync);
    }

    public synchronized Map<String, Object> get() {
        if (cached != null && Instant.now().isBefore(cachedAt.plus(CACHE))) {
            return cached;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("at", Instant.now().toString());
        s.put("streams", streamsPart());
        s.put("sink", sinkPart());
        s.put("deadLetters", part(this::deadLetters));
        s.put("lastHardSync", part(this::lastHardSync));
        s.put("reconciliation", part(this::reconciliation));
        cached = s;
        cachedAt = Instant.now();
        return s;
    }

    /**
     * Readiness: RUNNING, every local store restored (no changelog lag), and the app's committed position on its inputs
     * within {@code maxLag} records of their ends.
     */
    public Map<String, Object> readiness(long maxLag) {
        List<String> reasons = new ArrayList<>();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            reasons.add("state is " + streams.state());
        } else {
            long restoring = 0;
            try {
                for (var byPartition : streams.allLocalStorePartitionLags().values()) {
                    for (var lag : byPartition.values()) {
                        restoring += lag.offsetLag();
                    }
                }
            } catch (RuntimeException e) {
                reasons.add("store lags unknown: " + e.getMessage());
            }
            if (restoring > 0) {
                reasons.add(restoring + " changelog records still to restore");
            }
            Object lag = get().get("streams") instanceof Map<?, ?> m ? m.get("lag") : null;
            if (lag instanceof Map<?, ?> l && l.get("total") instanceof Long total) {
                if (total > maxLag) {
                    reasons.add(total + " input records behind (ready at <= " + maxLag + ")");
                }
            } else {
                reasons.add("input lag unknown: " + lag);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ready", reasons.isEmpty());
        m.put("state", streams.state().name());
        m.put("reasons", reasons);
        return m;
    }

    private Map<String, Object> streamsPart() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", streams.state().name());
        m.put("applicationId", config.applicationId());
        m.put("instances", streams.metadataForAllStreamsClients().size());
        m.put(
                "lag",
                part(() -> lag.of(
                        config.applicationId(),
                        Set.of(
                                topics.inventoryEvents().name(),
                                topics.productFacility().name(),
                                topics.thresholds().name(),
                                topics.facilities().name(),
                                topics.locationMappings().name(),
                                topics.catalog().name(),
                                topics.shopifyOrders().name(),
                                topics.control().name()))));
        return m;
    }

    private Map<String, Object> sinkPart() {
        Map<String, Object> m = new LinkedHashMap<>();
        String connector = config.connectConnector();
        m.put("connector", connector);
        m.put("connectUrl", config.connectUrl());
        m.put("status", part(() -> JSON.convertValue(getJson("/connectors/" + connector + "/status"), Map.class)));
        m.put(
                "lag",
                part(() -> lag.of(
                        "connect-" + connector, Set.of(topics.adjustments().name()))));
        m.put("metrics", part(sinkCounters::read));
        return m;
    }

    /** Records in each DLQ (end offset minus start offset, summed over partitions). */
    private Map<String, Object> deadLetters() throws Exception {
        Set<String> present = existing();
        List<String> dlqs = new ArrayList<>(topics.dlqs());
        dlqs.removeIf(t -> !present.contains(t));
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(dlqs)
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .forEach((name, d) -> d.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                }));
        var starts = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<String, Object> counts = new java.util.TreeMap<>();
        dlqs.forEach(t -> counts.put(t, 0L));
        ends.forEach((tp, end) ->
                counts.merge(tp.topic(), end.offset() - starts.get(tp).offset(), (a, b) -> (Long) a + (Long) b));
        return counts;
    }

    private Set<String> existing() throws Exception {
        return admin.listTopics().names().get(10, TimeUnit.SECONDS);
    }

    /** The newest hard sync request on atp.control and what each partition did with it. */
    private Map<String, Object> lastHardSync() {
        Map<String, Object> found = null;
        Map<String, Object> consumerConfig = clientConfigs(config);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        var serde = topics.control().valueSerde(config.serdeConfigs());
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p0 = new TopicPartition(topics.control().name(), 0);
            c.assign(List.of(p0));
            long end = c.endOffsets(List.of(p0)).get(p0);
            long begin = c.beginningOffsets(List.of(p0)).get(p0);
            // Control records go to every partition: partition 0 holds every request. Read its tail.
            c.seek(p0, Math.max(begin, end - 20));
            long deadline = System.currentTimeMillis() + 3_000;
            while (c.position(p0) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    HardSyncRequest h = serde.deserializer().deserialize(r.topic(), r.value());
                    found = new LinkedHashMap<>();
                    found.put("requestId", h.getRequestId());
                    found.put("shop", h.getShop());
                    found.put("requestedAt", h.getRequestedAt().toString());
                    found.put("requestedBy", h.getRequestedBy());
                }
            }
        }
        if (found == null) {
            return Map.of("requestId", "none");
        }
        lastHardSync = found.get("requestId").toString();
        found.put("partitions", hardSyncStatus.get());
        found.put("bulk", bulk(lastHardSync));
        return found;
    }

    /**
     * The sink's bulk operations for a hard sync, per Shopify location (phase, operation, lines done, stale lines,
     * items written directly, items dead-lettered), from the Connect worker's {@code /atp-sync/bulk}; empty when the
     * hard sync went the direct way, {@code {"error": why}} when Connect does not answer; every hard sync's for null.
     */
    public Object bulk(String requestId) {
        try {
            return requestId == null
                    ? getJson("/atp-sync/bulk")
                    : getJson("/atp-sync/bulk").path(requestId);
        } catch (Exception e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    /** The schedule, and from the sink the last complete reconciliation and those running. */
    private Map<String, Object> reconciliation() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(reconcileSchedule.get());
        m.put("sink", JSON.convertValue(getJson("/atp-sync/reconcile"), Map.class));
        return m;
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(config.connectUrl() + path))
                        .timeout(Duration.ofSeconds(3))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "Connect answered HTTP " + r.statusCode() + " for " + path + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    @FunctionalInterface
    private interface Part {
        Object read() throws Exception;
    }

    /** A part of the page, or {@code {"error": why}} when it cannot be read. */
    private static Object part(Part part) {
        try {
            return part.read();
        } catch (java.net.ConnectException e) {
            return Map.of("error", "unreachable: " + e);
        } catch (java.util.concurrent.ExecutionException e) {
            return Map.of("error", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("error", "interrupted");
        } catch (Exception e) {
            return Map.of("error", String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** The Kafka client settings (bootstrap and security) of the Streams configuration. */
    private static Map<String, Object> clientConfigs(AppConfig config) {
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfigs());
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-dashboard");
        return c;
    }

    @Override
    public synchronized void close() {
        lag.close();
        admin.close(Duration.ofSeconds(5));
    }
}
