package io.atpsync.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts that must outlive a failed task, for the alerts that page someone: a token Shopify refuses stops the task, and
 * Connect drops a stopped task's own metrics with it. Kept per worker and shop; {@link MetricsRestExtension} exports
 * them as {@code atp_sync_sink_token_failures_total{shop}}.
 */
final class SinkAlarms {

    private static final Map<String, AtomicLong> TOKEN_FAILURES = new ConcurrentHashMap<>();

    private SinkAlarms() {}

    /** A task for {@code shop} started: its counter is exported from now on, at 0 until a failure. */
    static void watch(String shop) {
        TOKEN_FAILURES.computeIfAbsent(shop, s -> new AtomicLong());
    }

    /** A fatal Shopify error of {@code shop}'s task: counted when it says the token is refused or lacks a scope. */
    static void fatal(String shop, String message) {
        if (isTokenFailure(message)) {
            TOKEN_FAILURES.computeIfAbsent(shop, s -> new AtomicLong()).incrementAndGet();
        }
    }

    /**
     * Whether a fatal error is the token's: invalid or expired (HTTP 401), the app not allowed on the shop (HTTP 403),
     * or a scope missing (ACCESS_DENIED, or the start-up scope check). The texts are the retry classifier's and the
     * task's own.
     */
    static boolean isTokenFailure(String message) {
        return message != null
                && (message.contains("HTTP 401")
                        || message.contains("HTTP 403")
                        || message.contains("ACCESS_DENIED")
                        || message.contains("token lacks"));
    }

    static Map<String, AtomicLong> tokenFailures() {
        return TOKEN_FAILURES;
    }
}
