package io.atpsync.emulator;

/**
 * Shopify's GraphQL Admin leaky bucket for one shop: the requested cost is debited up front, the unused part refunded;
 * the bucket refills at the plan's restore rate.
 */
final class Bucket {

    private double maximum;
    private double restoreRate;
    private double available;
    private long at = System.nanoTime();

    Bucket(Plan plan) {
        plan(plan);
        available = maximum;
    }

    synchronized void plan(Plan plan) {
        this.maximum = plan.maximumAvailable;
        this.restoreRate = plan.restoreRate;
        available = Math.min(available, maximum);
    }

    /** Debits {@code cost} if the bucket holds it; false = THROTTLED. */
    synchronized boolean take(double cost) {
        refill();
        if (cost > available) {
            return false;
        }
        available -= cost;
        return true;
    }

    /** Sets the points available now (tests and benchmarks start from a known bucket). */
    synchronized void level(double points) {
        refill();
        available = Math.max(0, Math.min(maximum, points));
    }

    synchronized void refund(double points) {
        refill();
        available = Math.min(maximum, available + points);
    }

    /** {maximumAvailable, currentlyAvailable, restoreRate} as Shopify reports it. */
    synchronized java.util.Map<String, Object> status() {
        refill();
        return java.util.Map.of(
                "maximumAvailable", maximum, "currentlyAvailable", Math.floor(available), "restoreRate", restoreRate);
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(maximum, available + restoreRate * (now - at) / 1e9);
        at = now;
    }
}
