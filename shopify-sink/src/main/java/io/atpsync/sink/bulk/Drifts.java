package io.atpsync.sink.bulk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The keys a reconciliation found drifted at one location (every change its plan writes: Shopify differs from the
 * order-aware target), each with its probable cause, as {@code audit} reports them. All go to the log, a few to the
 * System page.
 *
 * @param count the drifted keys
 * @param samples the first {@link #SAMPLES}: SKU, Shopify's available, the target, and the cause
 */
public record Drifts(int count, List<Map<String, Object>> samples) {

    public static final int SAMPLES = 20;

    /** The plan's changes as drifts; each is also told to {@code log} as one line. */
    public static Drifts of(String where, BulkPlan.Plan plan, Consumer<String> log) {
        List<Map<String, Object>> samples = new ArrayList<>();
        int count = 0;
        for (BulkPlan.Line line : plan.lines()) {
            for (BulkPlan.Change c : line.changes()) {
                count++;
                String cause = cause(c.delta());
                log.accept("reconcile " + where + ": " + c.sku() + " drifted: Shopify " + c.changeFrom() + ", target "
                        + (c.changeFrom() + c.delta()) + " (" + cause + ")");
                if (samples.size() < SAMPLES) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sku", c.sku());
                    m.put("inventoryItemId", c.inventoryItemId());
                    m.put("shopify", c.changeFrom());
                    m.put("target", c.changeFrom() + c.delta());
                    m.put("probableCause", cause);
                    samples.add(m);
                }
            }
        }
        return new Drifts(count, samples);
    }

    /**
     * Why Shopify differs from the target when no live delta, unreserved order or read race explains it (those keys go
     * the direct way and are not drift): it was changed outside ATP Sync, or a variance never reached it.
     */
    public static String cause(long delta) {
        return delta > 0
                ? "Shopify is " + delta + " below its target: units taken outside ATP Sync (an admin edit, another app,"
                        + " an order the OMS never heard of that Shopify closed) or a variance lost"
                : "Shopify is " + (-delta) + " above its target: units added outside ATP Sync (an admin edit, another"
                        + " app, a restock ATP Sync was not told of) or a variance lost";
    }
}
