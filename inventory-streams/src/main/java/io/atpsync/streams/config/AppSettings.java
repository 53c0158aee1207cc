package io.atpsync.streams.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The Streams app's own settings ({@code atpsync.*} and {@code sync.mode}) as a Kafka {@link ConfigDef}: types,
 * defaults, valid values and docs in one place, checked at start (a bad value names its key and the rule), and the
 * README's table generated from it. Secrets are PASSWORDs: hidden wherever a config is printed.
 */
public final class AppSettings {

    private static final String HTTP = "HTTP";
    private static final String SYNC = "Sync";
    private static final String WEBHOOKS = "Webhooks";
    private static final String SYSTEM = "System page";
    private static final String RECONCILE = "Reconciliation";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    AppConfig.HTTP_HOST,
                    Type.STRING,
                    "127.0.0.1",
                    Importance.HIGH,
                    "Host the REST API, dashboard and webhook bridge listen on, and that other instances reach this one"
                            + " at (application.server).",
                    HTTP,
                    1,
                    ConfigDef.Width.MEDIUM,
                    AppConfig.HTTP_HOST)
            .define(
                    AppConfig.HTTP_PORT,
                    Type.INT,
                    AppConfig.DEFAULT_HTTP_PORT,
                    Range.between(0, 65535),
                    Importance.HIGH,
                    "Port of the REST API, dashboard and webhook bridge.",
                    HTTP,
                    2,
                    ConfigDef.Width.SHORT,
                    AppConfig.HTTP_PORT)
            .define(
                    AppConfig.ADMIN_TOKEN,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "Bearer token of the endpoints that change state (POST /hard-sync, POST /reconcile); unset turns"
                            + " them off.",
                    HTTP,
                    3,
                    ConfigDef.Width.MEDIUM,
                    AppConfig.ADMIN_TOKEN)
            .define(
                    AppConfig.READY_MAX_LAG,
                    Type.LONG,
                    1000L,
                    Range.atLeast(0),
                    Importance.MEDIUM,
                    "/ready answers 200 once the app is at most this many input records behind.",
                    HTTP,
                    4,
                    ConfigDef.Width.SHORT,
                    AppConfig.READY_MAX_LAG)
            .define(
                    AppConfig.TOPIC_PREFIX,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Prefix of every contract topic's name (several systems on one cluster).",
                    SYNC,
                    1,
                    ConfigDef.Width.SHORT,
                    AppConfig.TOPIC_PREFIX)
            .define(
                    AppConfig.SYNC_MODE,
                    Type.STRING,
                    "variance",
                    ConfigDef.CaseInsensitiveValidString.in("variance", "compare"),
                    Importance.HIGH,
                    "variance: push the change of online ATP; compare: push absolute order-aware targets.",
                    SYNC,
                    2,
                    ConfigDef.Width.SHORT,
                    AppConfig.SYNC_MODE)
            .define(
                    AppConfig.COMPARE_LOCATIONS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "Shopify location ids pushed in compare mode while the rest stay on variance.",
                    SYNC,
                    3,
                    ConfigDef.Width.LONG,
                    AppConfig.COMPARE_LOCATIONS)
            .define(
                    AppConfig.FLUSH_INTERVAL_MS,
                    Type.LONG,
                    Settings.DEFAULT_FLUSH_INTERVAL.toMillis(),
                    Range.atLeast(1),
                    Importance.MEDIUM,
                    "Length of the wall-clock windows variances are summed in before they are pushed.",
                    SYNC,
                    4,
                    ConfigDef.Width.SHORT,
                    AppConfig.FLUSH_INTERVAL_MS)
            .define(
                    AppConfig.EPOCH,
                    Type.INT,
                    0,
                    Range.atLeast(0),
                    Importance.LOW,
                    "Rebuild epoch, part of every batch id: raise it by one for each rebuild.",
                    SYNC,
                    5,
                    ConfigDef.Width.SHORT,
                    AppConfig.EPOCH)
            .define(
                    AppConfig.REBUILD,
                    Type.BOOLEAN,
                    false,
                    Importance.LOW,
                    "Rebuild state from history without pushing it again, then hard-sync what it computed.",
                    SYNC,
                    6,
                    ConfigDef.Width.SHORT,
                    AppConfig.REBUILD)
            .define(
                    AppConfig.WEBHOOK_SECRETS,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "Shopify webhook secrets, comma-separated (old and new during a rotation); unset turns the bridge"
                            + " off.",
                    WEBHOOKS,
                    1,
                    ConfigDef.Width.LONG,
                    AppConfig.WEBHOOK_SECRETS)
            .define(
                    AppConfig.WEBHOOK_MAX_BYTES,
                    Type.INT,
                    1 << 20,
                    Range.atLeast(1),
                    Importance.LOW,
                    "Largest webhook body accepted (413 above it).",
                    WEBHOOKS,
                    2,
                    ConfigDef.Width.SHORT,
                    AppConfig.WEBHOOK_MAX_BYTES)
            .define(
                    AppConfig.CONNECT_URL,
                    Type.STRING,
                    "http://127.0.0.1:18083",
                    Importance.LOW,
                    "The Connect worker whose sink the System page reports on.",
                    SYSTEM,
                    1,
                    ConfigDef.Width.MEDIUM,
                    AppConfig.CONNECT_URL)
            .define(
                    AppConfig.CONNECT_CONNECTOR,
                    Type.STRING,
                    "shopify-sink",
                    Importance.LOW,
                    "The sink connector's name on that worker.",
                    SYSTEM,
                    2,
                    ConfigDef.Width.SHORT,
                    AppConfig.CONNECT_CONNECTOR)
            .define(
                    AppConfig.RECONCILE_INTERVAL,
                    Type.STRING,
                    "PT4H",
                    new Schedule(false),
                    Importance.MEDIUM,
                    "How often every shop is reconciled: its keys' targets compared with Shopify's levels by a bulk "
                            + "query, and only the drifted keys fixed. ISO-8601 (PT4H), or off.",
                    RECONCILE,
                    1,
                    ConfigDef.Width.SHORT,
                    AppConfig.RECONCILE_INTERVAL)
            .define(
                    AppConfig.RECONCILE_SCHEDULES,
                    Type.LIST,
                    "",
                    new Schedule(true),
                    Importance.LOW,
                    "More schedules, comma-separated: shop=PT1H replaces the interval for a shop; "
                            + "shop@location|location=PT1H adds one for some of its locations: the stores hourly, say.",
                    RECONCILE,
                    2,
                    ConfigDef.Width.LONG,
                    AppConfig.RECONCILE_SCHEDULES);

    /** A reconciliation interval, or a list of schedules: parsed as the app will, the error naming the entry. */
    private record Schedule(boolean list) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                if (list) {
                    java.util.List<String> entries = value instanceof java.util.List<?> l
                            ? l.stream().map(String::valueOf).toList()
                            : java.util.List.of();
                    io.atpsync.streams.hardsync.ReconcileSchedule.parse("off", entries);
                } else {
                    io.atpsync.streams.hardsync.ReconcileSchedule.parse((String) value, java.util.List.of());
                }
            } catch (IllegalArgumentException e) {
                throw new org.apache.kafka.common.config.ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return list ? "shop[@location|location...]=an ISO-8601 duration" : "an ISO-8601 duration, or off";
        }
    }

    private AppSettings() {}

    /** The README's table of settings, generated from {@link #CONFIG_DEF}. */
    public static String markdownTable() {
        return io.atpsync.schemas.config.ConfigTable.markdown(CONFIG_DEF, "setting");
    }
}
