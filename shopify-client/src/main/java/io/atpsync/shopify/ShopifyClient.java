package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.shopify.retry.Attempt;
import io.atpsync.shopify.retry.Backoff;
import io.atpsync.shopify.retry.Classifier;
import io.atpsync.shopify.retry.Verdict;
import io.atpsync.shopify.throttle.LeakyBucket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One shop's Admin GraphQL API: a call is paced by the shop's bucket (from Shopify's own {@code throttleStatus}), sent
 * with the same variables (and so the same idempotency key) while Shopify says "later" (5xx, THROTTLED, timeouts,
 * dropped connections, transient userErrors), its token refreshed once on a 401, and classified into a {@link Verdict}.
 * What the answer means for the caller's data (items refused, stale compare-and-swap) is the caller's to decide. The
 * token never appears in a message.
 */
public final class ShopifyClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShopifyClient.class);

    /** The Admin API version every call is made with. */
    public static final String VERSION = "2026-10";

    /** The call cannot succeed: credentials, scopes, or a caller and API version that disagree. */
    public static final class Fatal extends Exception {
        private static final long serialVersionUID = 1L;

        public Fatal(String message) {
            super(message);
        }
    }

    /** Shopify kept saying "later" until the caller's deadline: try again later. */
    public static final class BudgetExhausted extends Exception {
        private static final long serialVersionUID = 1L;

        public BudgetExhausted(String message) {
            super(message);
        }
    }

    /** What the client spent: for metrics. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void waitedForBucket(long millis) {}

        default void cost(double points) {}

        default void retried() {}
    }

    /** An answer and what it means. */
    public record Call(ShopifyHttp.Reply reply, Verdict verdict) {
        /** The answer's {@code data}. */
        public JsonNode data() {
            return reply.body().path("data");
        }
    }

    private final String shop;
    private final String graphqlUrl;
    private final ShopifyHttp http;
    private final AccessToken token;
    private final LeakyBucket bucket;
    private final Backoff backoff;
    private final Listener listener;
    private final Random jitter = new Random();

    /**
     * @param graphqlUrl the shop's GraphQL endpoint ({@link #graphqlUrl(String)} for this client's API version)
     * @param plan the shop's plan (STANDARD, ADVANCED, PLUS): the bucket's size until Shopify's answers tell
     */
    public ShopifyClient(
            String shop,
            String graphqlUrl,
            String plan,
            ShopifyHttp http,
            AccessToken token,
            Backoff backoff,
            Listener listener) {
        this.shop = shop;
        this.graphqlUrl = graphqlUrl;
        this.http = http;
        this.token = token;
        this.bucket = Pacer.bucket(shop, plan);
        this.backoff = backoff;
        this.listener = listener;
    }

    /**
     * The GraphQL endpoint for {@link #VERSION} of a shop's Admin API base ({@code https://acme.myshopify.com}, or the
     * emulator).
     */
    public static String graphqlUrl(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/admin/api/" + VERSION + "/graphql.json";
    }

    public String shop() {
        return shop;
    }

    private volatile String servedVersion;
    private final java.util.Set<String> deprecations = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The Admin API version Shopify last said it served (its {@code X-Shopify-API-Version}), once a call was answered.
     */
    public java.util.Optional<String> servedApiVersion() {
        return java.util.Optional.ofNullable(servedVersion);
    }

    /**
     * Logs the version Shopify serves when it is first seen or changes (a warning when it is not {@link #VERSION}:
     * Shopify serves its oldest supported version for one it no longer supports), and each distinct deprecation it
     * reports.
     */
    private void noteVersion(ShopifyHttp.Reply reply) {
        String served = reply.apiVersion();
        if (served != null && !served.equals(servedVersion)) {
            servedVersion = served;
            if (served.equals(VERSION)) {
                LOG.info("shop {}: Shopify serves Admin API {}", shop, served);
            } else {
                LOG.warn(
                        "shop {}: asked for Admin API {} and Shopify served {}: this build's version is no longer "
                                + "supported there; upgrade ATP Sync",
                        shop,
                        VERSION,
                        served);
            }
        }
        String reason = reply.deprecatedReason();
        if (reason != null && deprecations.add(reason)) {
            LOG.warn("shop {}: Shopify reports deprecated Admin API use: {}", shop, reason);
        }
    }

    /** Every distinct {@code X-Shopify-API-Deprecated-Reason} Shopify sent this client, in the order first seen. */
    public java.util.List<String> deprecations() {
        return java.util.List.copyOf(deprecations);
    }

    /** Points a call without a cost of its own is paced for, until Shopify's answer tells its real cost. */
    public static final double DEFAULT_COST = 10;
    /** How long such a call may keep being retried. */
    public static final long DEFAULT_BUDGET_MILLIS = 5 * 60_000;

    /** {@link #send} with {@link #DEFAULT_COST} and {@link #DEFAULT_BUDGET_MILLIS}: the answer's {@code data}. */
    public JsonNode data(String document, Map<String, Object> variables)
            throws Fatal, BudgetExhausted, InterruptedException {
        return send(document, variables, DEFAULT_COST, System.currentTimeMillis() + DEFAULT_BUDGET_MILLIS)
                .data();
    }

    /**
     * One call ({@code cost}: the points it is expected to spend, for pacing), sent again with the same variables while
     * Shopify says "later", until {@code deadline} (epoch millis).
     */
    public Call send(String document, Map<String, Object> variables, double cost, long deadline)
            throws Fatal, BudgetExhausted, InterruptedException {
        boolean refreshed = false;
        for (int attempt = 0; ; attempt++) {
            listener.waitedForBucket(Pacer.acquire(bucket, cost));
            Attempt observed;
            ShopifyHttp.Reply reply = null;
            try {
                reply = http.graphql(graphqlUrl, token.value(), Map.of("query", document, "variables", variables));
                noteVersion(reply);
                Pacer.observe(bucket, reply.body());
                listener.cost(reply.body()
                        .path("extensions")
                        .path("cost")
                        .path("actualQueryCost")
                        .asDouble(0));
                observed = new Attempt(
                        reply.status(),
                        null,
                        reply.retryAfterMillis(),
                        codes(reply.body().path("errors"), true),
                        codes(firstPayload(reply.body()).path("userErrors"), false));
            } catch (ShopifyHttp.GrantRefused e) { // the first token of a client-credentials app
                throw new Fatal("shop " + shop + ": " + e.getMessage() + "; check " + token.grantSettings());
            } catch (IOException e) {
                observed =
                        Attempt.noResponse(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            Verdict verdict = Classifier.classify(observed);
            if (verdict instanceof Verdict.Fatal f) {
                Boolean renewed = observed.httpStatus() == 401 && !refreshed ? refresh() : Boolean.FALSE;
                if (Boolean.TRUE.equals(renewed)) {
                    refreshed = true;
                    continue;
                }
                if (renewed != null) {
                    throw new Fatal("shop " + shop + ": " + explain(reply, f.reason()));
                }
                // the grant itself failed for now (5xx, timeout, dropped): back off and try the call again
                verdict = new Verdict.Retry("HTTP 401 and the token refresh failed for now", -1);
            }
            if (!(verdict instanceof Verdict.Retry r)) {
                return new Call(reply, verdict);
            }
            listener.retried();
            long wait = backoff.delayMillis(attempt, r.retryAfterMillis(), jitter::nextDouble);
            if (System.currentTimeMillis() + wait > deadline) {
                throw new BudgetExhausted(
                        "shop " + shop + ": still failing after the retry budget (" + r.cause() + ")");
            }
            Thread.sleep(wait);
        }
    }

    /**
     * ACCESS_DENIED names the scope Shopify says is missing (its message and requiredAccess), not a guess; another
     * refusal quotes Shopify's first error message.
     */
    private static String explain(ShopifyHttp.Reply reply, String reason) {
        if (reply == null) {
            return reason;
        }
        for (JsonNode e : reply.body().path("errors")) {
            if (e.path("extensions").path("code").asText().equals("ACCESS_DENIED")) {
                String required = e.path("extensions").path("requiredAccess").asText("");
                return "ACCESS_DENIED: " + e.path("message").asText("access denied")
                        + (required.isEmpty() ? "" : " (required: " + required + ")");
            }
        }
        String first = reply.body().path("errors").path(0).path("message").asText("");
        return first.isEmpty() ? reason : reason + ": " + first;
    }

    /**
     * A new token: true when fetched, false for a static token (nothing to refresh), null when the grant failed for now
     * (5xx, timeout, dropped connection: Shopify's own faults, retried). A grant the shop refuses is fatal.
     */
    private Boolean refresh() throws Fatal {
        try {
            return token.refresh();
        } catch (ShopifyHttp.GrantRefused e) {
            throw new Fatal("shop " + shop + ": " + e.getMessage() + "; check " + token.grantSettings());
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode firstPayload(JsonNode body) {
        JsonNode data = body.path("data");
        return data.isObject() && data.size() > 0 ? data.elements().next() : data;
    }

    private static List<String> codes(JsonNode array, boolean extensions) {
        List<String> codes = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode e : array) {
                String code = (extensions ? e.path("extensions").path("code") : e.path("code")).asText("");
                if (!code.isEmpty()) {
                    codes.add(code);
                }
            }
        }
        return codes;
    }
}
