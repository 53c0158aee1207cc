package io.atpsync.streams.config;

import io.atpsync.schemas.Topics;
import io.atpsync.schemas.registry.RegistryClientConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The Streams app's configuration: a properties file with Kafka Streams settings plus ours ({@code atpsync.*}), whose
 * values may name environment variables as {@code ${env:NAME}} ({@link EnvPlaceholders}). Exactly-once is not optional;
 * everything else has a local default.
 */
public record AppConfig(
        Map<String, Object> streams, String topicPrefix, String httpHost, int httpPort, Map<String, Object> atpsync) {

    public static final String HTTP_HOST = "atpsync.http.host";
    public static final String HTTP_PORT = "atpsync.http.port";
    public static final String TOPIC_PREFIX = "atpsync.topic.prefix";
    public static final String SYNC_MODE = "sync.mode";
    public static final String COMPARE_LOCATIONS = "atpsync.compare.locations";
    public static final String FLUSH_INTERVAL_MS = "atpsync.flush.interval.ms";
    public static final String EPOCH = "atpsync.rebuild.epoch";
    public static final String REBUILD = "atpsync.rebuild";
    public static final String WEBHOOK_SECRETS = "atpsync.webhook.secrets";
    public static final String WEBHOOK_MAX_BYTES = "atpsync.webhook.max.bytes";
    public static final String READY_MAX_LAG = "atpsync.ready.max.lag";
    /** Bearer token of the HTTP endpoints that change state (POST /hard-sync); unset = those endpoints are off. */
    public static final String ADMIN_TOKEN = "atpsync.admin.token";

    public static final String RECONCILE_INTERVAL = "atpsync.reconcile.interval";
    public static final String RECONCILE_SCHEDULES = "atpsync.reconcile.schedules";

    public static final String CONNECT_URL = "atpsync.connect.url";
    public static final String CONNECT_CONNECTOR = "atpsync.connect.connector";
    public static final int DEFAULT_HTTP_PORT = 18085;

    public static AppConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, String> map = new HashMap<>();
        p.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return of(EnvPlaceholders.resolve(map, System::getenv));
    }

    public static AppConfig of(Map<String, String> given) {
        Map<String, Object> c = new HashMap<>();
        c.put(StreamsConfig.APPLICATION_ID_CONFIG, "atp-sync");
        c.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        c.put(RegistryClientConfig.URL, "http://127.0.0.1:18081");
        c.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Path.of(System.getProperty("java.io.tmpdir"), "atp-sync-streams")
                        .toString());
        c.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        c.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // Process what is buffered without waiting on empty partitions of the other inputs: the results do not depend
        // on how events and configuration interleave (every change recomputes from current state, variances are
        // differences of it, orphan compensations wait for their mapping). Kafka Streams 4.3 also builds a message
        // with String.format for every readiness check otherwise: ~10 % of the stream thread in the B1 profile.
        c.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        c.putAll(given);
        Map<String, String> ours = new HashMap<>();
        for (String key : AppSettings.CONFIG_DEF.names()) {
            Object v = c.remove(key);
            if (v != null) {
                ours.put(key, v.toString());
            }
        }
        // Types, ranges and valid values checked here: a bad value stops the app naming its key and the rule.
        Map<String, Object> parsed = AppSettings.CONFIG_DEF.parse(ours);
        String prefix = (String) parsed.get(TOPIC_PREFIX);
        String host = (String) parsed.get(HTTP_HOST);
        int port = (Integer) parsed.get(HTTP_PORT);
        // Not negotiable: every output of a transaction, or none.
        c.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        c.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + port);
        // Bad bytes on config topics: skip them into the input DLQ instead of stopping the app.
        c.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        c.putIfAbsent(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                new Topics(prefix).dlq(new Topics(prefix).inventoryEvents()));
        return new AppConfig(Map.copyOf(c), prefix, host, port, java.util.Collections.unmodifiableMap(parsed));
    }

    /** The topology settings this configuration asks for. */
    public Settings settings(int partitions) {
        Settings.SyncMode mode =
                Settings.SyncMode.valueOf(((String) atpsync.get(SYNC_MODE)).toUpperCase(java.util.Locale.ROOT));
        java.util.Set<String> compare = new java.util.HashSet<>();
        for (Object l : (java.util.List<?>) atpsync.get(COMPARE_LOCATIONS)) {
            if (!l.toString().isBlank()) {
                compare.add(l.toString().trim());
            }
        }
        long flush = (Long) atpsync.get(FLUSH_INTERVAL_MS);
        return Settings.defaults(partitions, serdeConfigs())
                .withApplication(
                        streams.get(StreamsConfig.APPLICATION_ID_CONFIG).toString(), (Integer) atpsync.get(EPOCH))
                .withSync(java.time.Duration.ofMillis(flush), mode, compare);
    }

    public Topics topics() {
        return prefix().isEmpty() ? Topics.DEFAULT : new Topics(prefix());
    }

    private String prefix() {
        return topicPrefix;
    }

    /** The webhook secrets (comma-separated: several during a rotation); empty = bridge off. */
    public java.util.List<String> webhookSecrets() {
        return java.util.Arrays.stream(secret(WEBHOOK_SECRETS, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public AdminToken adminToken() {
        return new AdminToken(secret(ADMIN_TOKEN, null));
    }

    public int webhookMaxBytes() {
        return (Integer) atpsync.get(WEBHOOK_MAX_BYTES);
    }

    /** A PASSWORD setting's value ({@code orElse} when unset). */
    private String secret(String key, String orElse) {
        Object p = atpsync.get(key);
        return p instanceof org.apache.kafka.common.config.types.Password password ? password.value() : orElse;
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "AppConfig[application.id=" + streams.get(StreamsConfig.APPLICATION_ID_CONFIG) + ", http=" + httpHost
                + ":" + httpPort + ", topicPrefix=" + topicPrefix + ", webhook secrets="
                + webhookSecrets().size() + " (hidden)]";
    }

    /**
     * The settings every Kafka client of the app needs besides Streams' own: bootstrap servers and security
     * (security.protocol, sasl.*, ssl.*), i.e. the Streams settings an admin client knows.
     */
    public Map<String, Object> kafkaClientConfigs() {
        Map<String, Object> c = new HashMap<>();
        java.util.Set<String> known = org.apache.kafka.clients.admin.AdminClientConfig.configNames();
        streams.forEach((k, v) -> {
            if (known.contains(k) && !k.equals(org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG)) {
                c.put(k, v);
            }
        });
        return c;
    }

    public String applicationId() {
        return streams.get(StreamsConfig.APPLICATION_ID_CONFIG).toString();
    }

    /** The Connect worker whose sink the dashboard's system page reports on. */
    public String connectUrl() {
        return (String) atpsync.get(CONNECT_URL);
    }

    /** {@code /ready} answers 200 once the app is at most this many input records behind. */
    public long readyMaxLag() {
        return (Long) atpsync.get(READY_MAX_LAG);
    }

    public String connectConnector() {
        return (String) atpsync.get(CONNECT_CONNECTOR);
    }

    /** When reconciliations are due; a bad entry stops the app at start naming it. */
    @SuppressWarnings("unchecked")
    public io.atpsync.streams.hardsync.ReconcileSchedule reconcileSchedule() {
        return io.atpsync.streams.hardsync.ReconcileSchedule.parse(
                (String) atpsync.get(RECONCILE_INTERVAL), (java.util.List<String>) atpsync.get(RECONCILE_SCHEDULES));
    }

    public boolean rebuild() {
        return (Boolean) atpsync.get(REBUILD);
    }

    /** The Avro serde configuration: registry URL and credentials, never the rest. */
    public Map<String, Object> serdeConfigs() {
        Map<String, Object> s = new HashMap<>();
        streams.forEach((k, v) -> {
            if (k.startsWith("schema.registry.")
                    || k.startsWith("basic.auth.")
                    || k.startsWith("bearer.auth.")
                    || k.equals("auto.register.schemas")
                    || k.equals(io.atpsync.schemas.Topic.VALUE_SERDE_CLASS)) {
                s.put(k, v);
            }
        });
        return s;
    }
}
