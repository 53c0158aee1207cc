package io.atpsync.shopify.throttle;

/**
 * A client-side model of one shop's GraphQL cost bucket, fed by the {@code extensions.cost.throttleStatus} of every
 * response, so a caller waits <em>before</em> a request instead of after a THROTTLED. Not thread-safe: callers sharing
 * one bucket synchronise on it.
 */
public final class LeakyBucket {

    private double maximumAvailable;
    private double available;
    private double restoreRatePerSecond;
    private long observedAtMillis;

    /** A bucket assumed full at {@code nowMillis}, until the first response says otherwise. */
    public LeakyBucket(double maximumAvailable, double restoreRatePerSecond, long nowMillis) {
        if (maximumAvailable <= 0 || restoreRatePerSecond <= 0) {
            throw new IllegalArgumentException("bucket size and restore rate must be > 0, were " + maximumAvailable
                    + " and " + restoreRatePerSecond);
        }
        this.maximumAvailable = maximumAvailable;
        this.available = maximumAvailable;
        this.restoreRatePerSecond = restoreRatePerSecond;
        this.observedAtMillis = nowMillis;
    }

    /** Replaces the model with what Shopify reported at {@code nowMillis}. */
    public void observe(
            double maximumAvailable, double currentlyAvailable, double restoreRatePerSecond, long nowMillis) {
        this.maximumAvailable = maximumAvailable;
        this.available = Math.min(maximumAvailable, Math.max(0, currentlyAvailable));
        this.restoreRatePerSecond = restoreRatePerSecond;
        this.observedAtMillis = nowMillis;
    }

    /** Points available at {@code nowMillis}, refilled at the restore rate since the last observation. */
    public double availableAt(long nowMillis) {
        double refilled = available + restoreRatePerSecond * Math.max(0, nowMillis - observedAtMillis) / 1000.0;
        return Math.min(maximumAvailable, refilled);
    }

    /** Milliseconds to wait before a request of {@code cost} points can be sent; 0 when it can go now. */
    public long waitMillisFor(double cost, long nowMillis) {
        double needed = Math.min(cost, maximumAvailable) - availableAt(nowMillis);
        return needed <= 0 ? 0 : (long) Math.ceil(needed * 1000.0 / restoreRatePerSecond);
    }

    /** Records that a request expected to cost {@code cost} points was sent at {@code nowMillis}. */
    public void spend(double cost, long nowMillis) {
        available = availableAt(nowMillis) - cost;
        observedAtMillis = nowMillis;
    }
}
