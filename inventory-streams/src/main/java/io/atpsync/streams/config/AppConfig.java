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
 * The Streams app's configuration: a properties file with Kafka Streams settings plus ours ({@code atpsync.*}).
 * Exactly-once is not optional; everything else has a local default.
 */
public record AppConfig(
        Map<String, Object> streams, String topicPrefix, String httpHost, int httpPort, Map<String, String> atpsync) {

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
        return of(map);
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
        String prefix = given.getOrDefault(TOPIC_PREFIX, "");
        String host = given.getOrDefault(HTTP_HOST, "127.0.0.1");
        int port = Integer.parseInt(given.getOrDefault(HTTP_PORT, Integer.toString(DEFAULT_HTTP_PORT)));
        Map<String, String> ours = new HashMap<>();
        for (String key : java.util.List.of(
                TOPIC_PREFIX,
                HTTP_HOST,
                HTTP_PORT,
                SYNC_MODE,
                COMPARE_LOCATIONS,
                FLUSH_INTERVAL_MS,
                EPOCH,
                REBUILD,
                WEBHOOK_SECRETS,
                WEBHOOK_MAX_BYTES,
                CONNECT_URL,
                CONNECT_CONNECTOR,
                READY_MAX_LAG,
                ADMIN_TOKEN)) {
            Object v = c.remove(key);
            if (v != null) {
                ours.put(key, v.toString());
            }
        }
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
        return new AppConfig(Map.copyOf(c), prefix, host, port, Map.copyOf(ours));
    }

    /** The topology settings this configuration asks for. */
    public Settings settings(int partitions) {
        Settings.SyncMode mode = Settings.SyncMode.valueOf(
                atpsync.getOrDefault(SYNC_MODE, "variance").toUpperCase(java.util.Locale.ROOT));
        java.util.Set<String> compare = new java.util.HashSet<>();
        for (String l : atpsync.getOrDefault(COMPARE_LOCATIONS, "").split(",")) {
            if (!l.isBlank()) {
                compare.add(l.trim());
            }
        }
        long flush = Long.parseLong(
                atpsync.getOrDefault(FLUSH_INTERVAL_MS, Long.toString(Settings.DEFAULT_FLUSH_INTERVAL.toMillis())));
        return Settings.defaults(partitions, serdeConfigs())
                .withApplication(
                        streams.get(StreamsConfig.APPLICATION_ID_CONFIG).toString(),
                        Integer.parseInt(atpsync.getOrDefault(EPOCH, "0")))
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
        return java.util.Arrays.stream(atpsync.getOrDefault(WEBHOOK_SECRETS, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public AdminToken adminToken() {
        return new AdminToken(atpsync.get(ADMIN_TOKEN));
    }

    public int webhookMaxBytes() {
        return Integer.parseInt(atpsync.getOrDefault(WEBHOOK_MAX_BYTES, Integer.toString(1 << 20)));
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
        return atpsync.getOrDefault(CONNECT_URL, "http://127.0.0.1:18083");
    }

    /** {@code /ready} answers 200 once the app is at most this many input records behind. */
    public long readyMaxLag() {
        return Long.parseLong(atpsync.getOrDefault(READY_MAX_LAG, "1000"));
    }

    public String connectConnector() {
        return atpsync.getOrDefault(CONNECT_CONNECTOR, "shopify-sink");
    }

    public boolean rebuild() {
        return Boolean.parseBoolean(atpsync.getOrDefault(REBUILD, "false"));
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
