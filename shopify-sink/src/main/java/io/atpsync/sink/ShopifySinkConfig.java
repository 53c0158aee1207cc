package io.atpsync.sink;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The Shopify sink's configuration: every entry documented, validated and grouped; the README table is generated from
 * it.
 */
public final class ShopifySinkConfig extends AbstractConfig {

    public static final String SHOP = "shopify.shop";
    public static final String BASE_URL = "shopify.base.url";
    public static final String ACCESS_TOKEN = "shopify.access.token";
    public static final String CLIENT_ID = "shopify.client.id";
    public static final String CLIENT_SECRET = "shopify.client.secret";
    public static final String API_VERSION = "shopify.api.version";
    public static final String REQUEST_TIMEOUT_MS = "shopify.request.timeout.ms";
    public static final String RETRY_BUDGET_MS = "shopify.retry.budget.ms";
    public static final String RETRY_BACKOFF_MS = "shopify.retry.backoff.ms";
    public static final String PLAN = "shopify.plan";
    public static final String MAX_IN_FLIGHT = "shopify.max.in.flight";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String BULK_THRESHOLD = "shopify.hardsync.bulk.threshold";
    public static final String BULK_POLL_MS = "shopify.hardsync.bulk.poll.ms";
    public static final String OTHER_SHOPS = "shopify.other.shops";

    private static final String SHOPIFY = "Shopify";
    private static final String AUTH = "Authentication";
    private static final String RETRIES = "Retries and pacing";
    private static final String DATA = "Data";
    private static final String HARD_SYNC = "Hard sync";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    SHOP,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new SinkValidators.ShopDomain(),
                    Importance.HIGH,
                    "The shop this connector writes to. Batches for another shop are dead-lettered, never dropped"
                            + " (unless listed in " + OTHER_SHOPS + ").",
                    SHOPIFY,
                    1,
                    ConfigDef.Width.MEDIUM,
                    "Shop")
            .define(
                    OTHER_SHOPS,
                    Type.LIST,
                    "",
                    Importance.LOW,
                    "Shops whose batches another connector on the same topic writes (one connector per shop, e.g. a"
                            + " warehouse ring-fenced between a US and a Canada shop): skipped here, not"
                            + " dead-lettered.",
                    SHOPIFY,
                    4,
                    ConfigDef.Width.LONG,
                    "Other shops")
            .define(
                    BASE_URL,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Where the Admin API is; empty means https://<shopify.shop>. "
                            + "Point it at the emulator for local runs.",
                    SHOPIFY,
                    2,
                    ConfigDef.Width.LONG,
                    "Base URL")
            .define(
                    API_VERSION,
                    Type.STRING,
                    "2026-10",
                    new SinkValidators.ApiVersion(),
                    Importance.MEDIUM,
                    "Admin API version of every call.",
                    SHOPIFY,
                    3,
                    ConfigDef.Width.SHORT,
                    "API version")
            .define(
                    ACCESS_TOKEN,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "Admin API access token (shpat_...) with write_inventory, read_inventory and "
                            + "read_merchant_managed_fulfillment_orders (hard "
                            + "syncs read open fulfillment orders). Never logged.",
                    AUTH,
                    1,
                    ConfigDef.Width.LONG,
                    "Access token")
            .define(
                    CLIENT_ID,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Client id for the client-credentials grant, instead of an "
                            + "access token; the token is refreshed on expiry or 401.",
                    AUTH,
                    2,
                    ConfigDef.Width.MEDIUM,
                    "Client id")
            .define(
                    CLIENT_SECRET,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "Client secret for the client-credentials grant. Never logged.",
                    AUTH,
                    3,
                    ConfigDef.Width.LONG,
                    "Client secret")
            .define(
                    REQUEST_TIMEOUT_MS,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.between(1_000, 120_000),
                    Importance.LOW,
                    "Timeout of one HTTP call.",
                    RETRIES,
                    1,
                    ConfigDef.Width.SHORT,
                    "Request timeout")
            .define(
                    RETRY_BUDGET_MS,
                    Type.LONG,
                    120_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "How long one batch is retried (same idempotency key) before the task hands it back to Connect "
                            + "(RetriableException) for redelivery.",
                    RETRIES,
                    2,
                    ConfigDef.Width.SHORT,
                    "Retry budget")
            .define(
                    RETRY_BACKOFF_MS,
                    Type.LONG,
                    200L,
                    ConfigDef.Range.between(10, 60_000),
                    Importance.LOW,
                    "Base of the exponential backoff with jitter (capped at 10 s, never below Retry-After).",
                    RETRIES,
                    3,
                    ConfigDef.Width.SHORT,
                    "Backoff base")
            .define(
                    PLAN,
                    Type.STRING,
                    "STANDARD",
                    ConfigDef.ValidString.in("STANDARD", "ADVANCED", "PLUS"),
                    Importance.LOW,
                    "The shop's plan: the pacing model's starting bucket "
                            + "(100/2,000; 200/4,000; 1,000/20,000) until the first "
                            + "response reports the real one.",
                    RETRIES,
                    4,
                    ConfigDef.Width.SHORT,
                    "Plan")
            .define(
                    MAX_IN_FLIGHT,
                    Type.INT,
                    1,
                    ConfigDef.Range.between(1, 1),
                    Importance.LOW,
                    "Calls in flight per task. 1: batches of a location must apply in order.",
                    RETRIES,
                    5,
                    ConfigDef.Width.SHORT,
                    "Max in flight")
            .define(
                    REGISTRY_URL,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "Schema registry of the AdjustmentBatch records (use value.converter=ByteArrayConverter).",
                    DATA,
                    1,
                    ConfigDef.Width.LONG,
                    "Schema registry")
            .define(
                    BULK_THRESHOLD,
                    Type.INT,
                    5_000,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "A hard sync goes through Shopify bulk operations at a location when its estimated changes there "
                            + "(the first SET batch's targets times the Streams partitions) reach this; below it, "
                            + "or at 0, the direct path (about 3 points per change on the rate-limit bucket).",
                    HARD_SYNC,
                    1,
                    ConfigDef.Width.SHORT,
                    "Bulk threshold")
            .define(
                    BULK_POLL_MS,
                    Type.LONG,
                    2_000L,
                    ConfigDef.Range.atLeast(100),
                    Importance.LOW,
                    "How often a running bulk operation's status is read (about 1 point each).",
                    HARD_SYNC,
                    2,
                    ConfigDef.Width.SHORT,
                    "Bulk poll interval");

    public ShopifySinkConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
        boolean token = getPassword(ACCESS_TOKEN) != null;
        boolean client = getString(CLIENT_ID) != null || getPassword(CLIENT_SECRET) != null;
        if (token == client) {
            throw new ConfigException(
                    ACCESS_TOKEN,
                    "[hidden]",
                    "give either " + ACCESS_TOKEN + " or both " + CLIENT_ID + " and " + CLIENT_SECRET
                            + " (exactly one way to authenticate)");
        }
        if (client && (getString(CLIENT_ID) == null || getPassword(CLIENT_SECRET) == null)) {
            throw new ConfigException(
                    CLIENT_ID,
                    getString(CLIENT_ID),
                    "the client-credentials grant needs both " + CLIENT_ID + " and " + CLIENT_SECRET);
        }
        if (getString(API_VERSION).compareTo("2026-04") < 0) {
            throw new ConfigException(
                    API_VERSION,
                    getString(API_VERSION),
                    "ATP Sync needs 2026-04 or later: it relies on " + "@idempotent and changeFromQuantity");
        }
    }

    public String shop() {
        return getString(SHOP);
    }

    /** Whether another connector writes {@code shop}'s batches ({@link #OTHER_SHOPS}). */
    public boolean writtenElsewhere(String shop) {
        return getList(OTHER_SHOPS).contains(shop);
    }

    public String graphqlUrl() {
        String base = getString(BASE_URL).isBlank() ? "https://" + shop() : getString(BASE_URL);
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/admin/api/"
                + getString(API_VERSION) + "/graphql.json";
    }

    public String tokenUrl() {
        String base = getString(BASE_URL).isBlank() ? "https://" + shop() : getString(BASE_URL);
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/admin/oauth/access_token";
    }

    public Password accessToken() {
        return getPassword(ACCESS_TOKEN);
    }

    /** The shop's token as configured: static, or from the client-credentials grant. */
    public io.atpsync.shopify.AccessToken token(io.atpsync.shopify.ShopifyHttp http) {
        Password secret = getPassword(CLIENT_SECRET);
        Password token = getPassword(ACCESS_TOKEN);
        return new io.atpsync.shopify.AccessToken(
                http,
                tokenUrl(),
                getString(CLIENT_ID),
                secret == null ? null : secret.value(),
                token == null ? null : token.value(),
                CLIENT_ID + " and " + CLIENT_SECRET);
    }

    public Map<String, Object> serdeConfigs() {
        return Map.of(REGISTRY_URL, getString(REGISTRY_URL));
    }

    /** The README's table of options, generated from {@link #CONFIG_DEF}. */
    public static String markdownTable() {
        return io.atpsync.schemas.config.ConfigTable.markdown(CONFIG_DEF, "option");
    }
}
