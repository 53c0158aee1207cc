package io.atpsync.streams;

import io.atpsync.schemas.Topics;
import io.atpsync.streams.api.AtpHttpServer;
import io.atpsync.streams.api.AtpQueries;
import io.atpsync.streams.api.HardSyncPublisher;
import io.atpsync.streams.api.WebhookBridge;
import io.atpsync.streams.config.AppConfig;
import io.atpsync.streams.config.PartitionCheck;
import io.atpsync.streams.config.Settings;
import io.atpsync.streams.ops.SystemStatus;
import io.atpsync.streams.topology.AtpTopology;
import io.atpsync.streams.topology.RebuildPoint;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The ATP Sync Streams application: config → topology → {@link KafkaStreams}, with its HTTP API and metrics.
 * {@code java ... io.atpsync.streams.StreamsApp [app.properties]}.
 */
public final class StreamsApp implements AutoCloseable {

    private final KafkaStreams streams;
    private final AtpHttpServer http;
    private KafkaStreamsMetrics metrics;
    private int boundMetrics;
    private final PrometheusMeterRegistry registry;
    private final AppConfig config;
    private final WebhookBridge webhooks;
    private HardSyncPublisher hardSyncs; // created at the first authorised POST /hard-sync
    private final SystemStatus system;
    private final io.atpsync.streams.api.Reconciler reconciler;

    public StreamsApp(AppConfig config) throws Exception {
        this.config = config;
        Topics topics = config.topics();
        int partitions = partitionsOf(config, topics.inventoryEvents().name());
        refuseDisagreeingPartitionCounts(config, topics);
        Properties props = new Properties();
        props.putAll(config.streams());
        Settings settings = config.settings(partitions);
        if (config.rebuild()) {
            Map<Integer, Long> until =
                    rebuildUntil(config, topics.inventoryEvents().name());
            System.out.println("atp-sync streams: REBUILD mode (epoch " + settings.epoch()
                    + "): no variances until each partition of "
                    + topics.inventoryEvents().name() + " reaches " + until + ", then a hard sync");
            settings = settings.withRebuildUntil(until);
        }
        streams = new KafkaStreams(AtpTopology.build(topics, settings), new StreamsConfig(props));
        io.atpsync.streams.ops.ThreadFailures failures = new io.atpsync.streams.ops.ThreadFailures(10, 10 * 60_000L);
        streams.setUncaughtExceptionHandler(e -> {
            if (failures.onFailure(e, System.currentTimeMillis())
                    == io.atpsync.streams.ops.ThreadFailures.Response.REPLACE_THREAD) {
                System.err.println("atp-sync streams: a stream thread failed for now, "
                        + "replacing it (its tasks restart from committed " + "state): " + e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            System.err.println("atp-sync streams: fatal error, shutting down this instance: " + e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        webhooks = config.webhookSecrets().isEmpty()
                ? null
                : new WebhookBridge(
                        new io.atpsync.streams.webhook.WebhookSignature(config.webhookSecrets()),
                        config.webhookMaxBytes(),
                        topics,
                        producerConfigs(config),
                        config.serdeConfigs());
        if (webhooks != null) {
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "atp_sync_webhooks_accepted",
                            webhooks.accepted,
                            java.util.concurrent.atomic.AtomicLong::get)
                    .register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "atp_sync_webhooks_rejected",
                            webhooks.rejected,
                            java.util.concurrent.atomic.AtomicLong::get)
                    .register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "atp_sync_webhooks_duplicates",
                            webhooks.duplicates,
                            java.util.concurrent.atomic.AtomicLong::get)
                    .register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "atp_sync_webhooks_unknown_topics",
                            webhooks.unknownTopics,
                            java.util.concurrent.atomic.AtomicLong::get)
                    .register(registry);
        }
        AtpQueries queries = new AtpQueries(streams, new HostInfo(config.httpHost(), config.httpPort()));
        reconciler = new io.atpsync.streams.api.Reconciler(
                config.reconcileSchedule(),
                () -> streams.state() == KafkaStreams.State.RUNNING,
                queries::shops,
                this::hardSyncs);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "atp_sync_reconcile_requests", reconciler.requests, java.util.concurrent.atomic.AtomicLong::get)
                .description("Reconciliations this instance requested")
                .register(registry);
        system = new SystemStatus(streams, config, id -> queries.hardSync(id, false), reconciler::describe);
        http = new AtpHttpServer(
                config.httpHost(),
                config.httpPort(),
                queries,
                () -> streams.state().name(),
                this::scrape,
                webhooks,
                system::get,
                () -> system.readiness(config.readyMaxLag()),
                config.adminToken(),
                this::hardSyncs,
                system::bulk);
    }

    /**
     * Prometheus text. Micrometer's binder looks for new Kafka metrics only every minute, and the app's own sensors
     * appear when tasks start: rebind whenever the set of Kafka metrics changed.
     */
    private synchronized String scrape() {
        int now = streams.metrics().size();
        if (now != boundMetrics) {
            metrics.close();
            metrics = new KafkaStreamsMetrics(streams);
            metrics.bindTo(registry);
            boundMetrics = now;
        }
        return registry.scrape();
    }

    public void start() {
        streams.start();
        reconciler.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public String url() {
        return "http://" + config.httpHost() + ":" + http.port();
    }

    @Override
    public void close() {
        reconciler.close();
        http.close();
        system.close();
        synchronized (this) {
            if (hardSyncs != null) {
                hardSyncs.close();
            }
        }
        if (webhooks != null) {
            webhooks.close();
        }
        metrics.close();
        streams.close(Duration.ofSeconds(30));
    }

    /** Per partition, where the rebuild hands over ({@link RebuildPoint}). */
    static Map<Integer, Long> rebuildUntil(AppConfig config, String topic) throws Exception {
        return RebuildPoint.of(config.kafkaClientConfigs(), config.applicationId(), topic, partitionsOf(config, topic));
    }

    private synchronized HardSyncPublisher hardSyncs() {
        if (hardSyncs == null) {
            hardSyncs = new HardSyncPublisher(config);
        }
        return hardSyncs;
    }

    private static Map<String, Object> producerConfigs(AppConfig config) {
        Map<String, Object> c = new java.util.HashMap<>(config.kafkaClientConfigs());
        c.put("enable.idempotence", "true");
        c.put("acks", "all");
        return c;
    }

    private static void refuseDisagreeingPartitionCounts(AppConfig config, Topics topics) throws Exception {
        try (Admin admin = Admin.create(config.kafkaClientConfigs())) {
            var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(false))
                    .names()
                    .get(30, TimeUnit.SECONDS);
            Map<String, Integer> counts = new java.util.HashMap<>();
            admin.describeTopics(names)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((n, d) -> counts.put(n, d.partitions().size()));
            List<String> wrong = PartitionCheck.mismatches(
                    counts,
                    topics.inventoryEvents().name(),
                    topics.control().name(),
                    config.streams().get(StreamsConfig.APPLICATION_ID_CONFIG).toString(),
                    topics.kitParts().name());
            if (!wrong.isEmpty()) {
                throw new IllegalStateException(
                        "partition counts disagree: " + String.join("; ", wrong) + ". Batch ids (Shopify's "
                                + "idempotency keys) carry the partition: recreate "
                                + "atp.control (or atp.kit-parts) with the same count, and reset the application "
                                + "(see the README's Rebuild) after changing inventory.events");
            }
        }
    }

    static int partitionsOf(AppConfig config, String topic) throws Exception {
        try (Admin admin = Admin.create(config.kafkaClientConfigs())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "topic " + topic + " does not exist: create the contract topics first "
                                + "(./atp-sync topics create)",
                        e.getCause());
            }
            throw e;
        }
    }

    /** The process's exit code when the Streams client failed for good. */
    public static final int EXIT_FATAL = 70;

    public static void main(String[] args) throws Exception {
        AppConfig config = args.length > 0 ? AppConfig.load(Path.of(args[0])) : AppConfig.of(Map.of());
        StreamsApp app = new StreamsApp(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "atp-sync-streams-stop"));
        // Fail fast: a client that went to ERROR (a failure no new thread gets past, see ThreadFailures) processes
        // nothing
        // again; exit non-zero so the orchestrator (systemd, Kubernetes, the local stack) restarts the process.
        app.streams().setStateListener((now, before) -> {
            if (now == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
                new Thread(
                                () -> {
                                    System.err.println("atp-sync streams: the Streams client is in "
                                            + "ERROR (see the fatal error above); exiting with " + EXIT_FATAL
                                            + " so that it is restarted");
                                    System.exit(EXIT_FATAL);
                                },
                                "atp-sync-streams-fail-fast")
                        .start();
            }
        });
        app.start();
        System.out.println("atp-sync streams app " + config.streams().get(StreamsConfig.APPLICATION_ID_CONFIG)
                + " started (exactly_once_v2); HTTP API on " + app.url()
                + "; dashboard on " + app.url() + "/dashboard/");
        stopped.await();
    }
}
