package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.atpsync.shopify.throttle.LeakyBucket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces calls per shop from Shopify's own {@code throttleStatus}: waits before a call the bucket cannot afford, instead
 * of after a THROTTLED. One model per shop for every task of this worker.
 */
public final class Pacer {

    private static final Map<String, LeakyBucket> BUCKETS = new ConcurrentHashMap<>();

    private Pacer() {}

    public static LeakyBucket bucket(String shop, String plan) {
        return BUCKETS.computeIfAbsent(shop, s -> switch (plan) {
            case "PLUS" -> new LeakyBucket(20_000, 1_000, System.currentTimeMillis());
            case "ADVANCED" -> new LeakyBucket(4_000, 200, System.currentTimeMillis());
            default -> new LeakyBucket(2_000, 100, System.currentTimeMillis());
        });
    }

    /** Blocks until {@code cost} points are available, spends them, and returns the time waited. */
    public static long acquire(LeakyBucket bucket, double cost) throws InterruptedException {
        long waited = 0;
        while (true) {
            long wait;
            synchronized (bucket) {
                long now = System.currentTimeMillis();
                wait = bucket.waitMillisFor(cost, now);
                if (wait == 0) {
                    bucket.spend(cost, now);
                    return waited;
                }
            }
            Thread.sleep(wait);
            waited += wait;
        }
    }

    /** Feeds the model with a response's {@code extensions.cost.throttleStatus}. */
    public static void observe(LeakyBucket bucket, JsonNode body) {
        JsonNode status = body.path("extensions").path("cost").path("throttleStatus");
        if (status.isObject() && status.path("maximumAvailable").asDouble() > 0) {
            synchronized (bucket) {
                bucket.observe(
                        status.path("maximumAvailable").asDouble(),
                        status.path("currentlyAvailable").asDouble(),
                        status.path("restoreRate").asDouble(),
                        System.currentTimeMillis());
            }
        }
    }
}
