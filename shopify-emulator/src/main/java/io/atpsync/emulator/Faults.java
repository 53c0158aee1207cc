package io.atpsync.emulator;

import java.util.Map;
import java.util.Random;

/**
 * Injected failures of one shop, decided per request from a seeded random sequence, so a run with the same seed and
 * request order fails the same way.
 */
final class Faults {

    /** What to do with one request. */
    enum Fault {
        NONE,
        ERROR_5XX,
        TIMEOUT,
        DROP
    }

    private double errorRate;
    private double timeoutRate;
    private double dropRate;
    private long timeoutDelayMillis = 30_000;
    private int retryAfterSeconds = 1;
    private int throttledStatus = 200;
    private Random random = new Random(0);
    private long mutationsBeforeRevoke = -1;
    private long grantFailures;
    private final java.util.ArrayDeque<Long> fulfilAfterOpenOrdersReads = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Map<String, Object>> afterLevelReads = new java.util.ArrayDeque<>();

    synchronized void configure(Map<String, Object> c) {
        errorRate = number(c, "errorRate", errorRate);
        timeoutRate = number(c, "timeoutRate", timeoutRate);
        dropRate = number(c, "dropRate", dropRate);
        timeoutDelayMillis = (long) number(c, "timeoutDelayMillis", timeoutDelayMillis);
        retryAfterSeconds = (int) number(c, "retryAfterSeconds", retryAfterSeconds);
        throttledStatus = (int) number(c, "throttledStatus", throttledStatus);
        if (c.containsKey("revokeTokenAfterMutations")) {
            mutationsBeforeRevoke = ((Number) c.get("revokeTokenAfterMutations")).longValue();
        }
        if (c.containsKey("failGrants")) {
            grantFailures = ((Number) c.get("failGrants")).longValue();
        }
        if (c.get("fulfillAfterOpenOrdersReads") instanceof java.util.List<?> ids) {
            fulfilAfterOpenOrdersReads.clear();
            ids.forEach(id -> fulfilAfterOpenOrdersReads.add(((Number) id).longValue()));
        }
        if (c.get("afterLevelReads") instanceof java.util.List<?> steps) {
            afterLevelReads.clear();
            steps.forEach(step -> afterLevelReads.add(castStep(step)));
        }
        if (c.containsKey("seed")) {
            random = new Random(((Number) c.get("seed")).longValue());
        }
        if (errorRate + timeoutRate + dropRate > 1) {
            throw new IllegalArgumentException("errorRate + timeoutRate + dropRate must be <= 1");
        }
    }

    synchronized Fault next() {
        double r = random.nextDouble();
        if (r < errorRate) {
            return Fault.ERROR_5XX;
        }
        if (r < errorRate + timeoutRate) {
            return Fault.TIMEOUT;
        }
        if (r < errorRate + timeoutRate + dropRate) {
            return Fault.DROP;
        }
        return Fault.NONE;
    }

    /**
     * A mutation arrives: true when the token must be revoked now, as when a merchant uninstalls the app mid-stream
     * ({@code revokeTokenAfterMutations}: that many mutations are answered first).
     */
    synchronized boolean revokeOnMutation() {
        if (mutationsBeforeRevoke < 0) {
            return false;
        }
        if (mutationsBeforeRevoke == 0) {
            mutationsBeforeRevoke = -1;
            return true;
        }
        mutationsBeforeRevoke--;
        return false;
    }

    /**
     * An open-orders read was answered: the next order to fulfil now ({@code fulfillAfterOpenOrdersReads}, one per
     * read), or -1. Orders ship between two of a client's reads, deterministically.
     */
    synchronized long fulfilAfterOpenOrdersRead() {
        Long id = fulfilAfterOpenOrdersReads.poll();
        return id == null ? -1 : id;
    }

    /**
     * A token grant arrives: true when it must fail with a 503 ({@code failGrants}: that many grants fail, then they
     * work).
     */
    synchronized boolean failGrant() {
        if (grantFailures <= 0) {
            return false;
        }
        grantFailures--;
        return true;
    }

    /**
     * An inventory-level read was answered: what happens in the shop now ({@code afterLevelReads}, one step per read:
     * {"fulfill": orderId} and/or {"order": {orderId, sku, quantity, locationId}}), or null. A client's level read and
     * its write are then apart deterministically.
     */
    synchronized Map<String, Object> afterLevelRead() {
        return afterLevelReads.poll();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castStep(Object step) {
        if (!(step instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(
                    "afterLevelReads: each step is an object with \"fulfill\" and/or \"order\"");
        }
        return (Map<String, Object>) m;
    }

    synchronized int errorStatus() {
        return new int[] {500, 502, 503}[random.nextInt(3)];
    }

    synchronized long timeoutDelayMillis() {
        return timeoutDelayMillis;
    }

    synchronized int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    synchronized int throttledStatus() {
        return throttledStatus;
    }

    private static double number(Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}
