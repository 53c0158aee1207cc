package io.atpsync.streams.variance;

import java.util.ArrayList;
import java.util.List;

/** Splits changes into Shopify-sized batches (at most 250 per mutation), keeping their order. */
public final class Batches {

    public static final int SHOPIFY_MAX_CHANGES = 250;

    private Batches() {}

    public static <T> List<List<T>> split(List<T> changes, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + max);
        }
        List<List<T>> batches = new ArrayList<>((changes.size() + max - 1) / max);
        for (int from = 0; from < changes.size(); from += max) {
            batches.add(List.copyOf(changes.subList(from, Math.min(changes.size(), from + max))));
        }
        return batches;
    }

    /**
     * A batch id from committed state only: application, rebuild epoch, the task's incarnation (random, kept in its
     * state, new after a reset), partition and a sequence kept in a state store — never wall-clock time or content, so
     * a retried batch keeps its id and a reset application never repeats one.
     */
    public static String batchId(String applicationId, int epoch, long incarnation, int partition, long sequence) {
        return applicationId + "-e" + epoch + "-i" + String.format("%08x", incarnation) + "-p" + partition + "-"
                + sequence;
    }

    /**
     * What Shopify's available should be: online ATP minus the orders Shopify counted that online ATP does not show
     * yet. Negative when Shopify took more orders than online ATP holds (oversold): Shopify then shows a negative level
     * too, and the orders' reservations bring it back up.
     */
    public static long target(long onlineAtp, long pendingShopifyOrders) {
        return onlineAtp - pendingShopifyOrders;
    }

    /** What a SET may write for a target: Shopify rejects negative quantities (INVALID_QUANTITY_NEGATIVE). */
    public static long settable(long target) {
        return Math.max(0, target);
    }
}
