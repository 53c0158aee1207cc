package io.atpsync.shopify.retry;

import java.util.function.DoubleSupplier;

/** Exponential backoff with full jitter, never shorter than the server's Retry-After. */
public record Backoff(long baseMillis, long capMillis) {

    public Backoff {
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < base <= cap, was " + baseMillis + " and " + capMillis);
        }
    }

    /** The wait before retry number {@code attempt} (0-based); {@code random} in [0, 1). */
    public long delayMillis(int attempt, long retryAfterMillis, DoubleSupplier random) {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        long jittered = (long) (random.getAsDouble() * ceiling);
        return Math.max(retryAfterMillis, jittered);
    }
}
