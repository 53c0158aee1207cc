package io.atpsync.sink.hardsync;

import io.atpsync.sink.hardsync.OrderAwareTarget.OpenLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a hard sync knows of one location's fulfillment orders: the last state read of each one. It is read in full
 * once, then kept current by merging only the fulfillment orders Shopify reports as updated since the previous read.
 * Merging says what a read changed, so the caller can tell whether a level read it made in between can be trusted.
 */
public final class LocationOrders {

    /** Where a fulfillment order's units are: held at the location (open), or how they left it. */
    public enum State {
        /** Open, in progress, on hold: its remaining units are in the location's {@code committed}. */
        OPEN,
        /** Closed by a fulfillment: its units left {@code on_hand}. */
        SHIPPED,
        /** Its order was cancelled without restock: its units are gone from {@code available} for good. */
        WRITTEN_OFF,
        /** Its order was cancelled with restock: its units came back to {@code available}. */
        RESTOCKED,
        /**
         * Moved to another location (closed with neither a fulfillment nor a cancel): nothing of it is here any more.
         */
        MOVED
    }

    /** One line: its inventory item, the units still to fulfil, and the units it was for. */
    public record Line(String inventoryItemId, long remaining, long total) {}

    /** One fulfillment order as read: its Shopify order's numeric id, state, Shopify's {@code updatedAt}, and lines. */
    public record FulfillmentOrder(String id, String shopifyOrderId, State state, Instant updatedAt, List<Line> lines) {
        public FulfillmentOrder {
            lines = List.copyOf(lines);
        }
    }

    /** What a read changed, in increasing order of consequence. */
    public enum Change {
        /** Every fulfillment order read was known in the same state. */
        NONE,
        /** Only units added at the location: a new open order, an edit that raised a line. */
        ADDED,
        /**
         * Units left the location's {@code committed}: closed, shipped in part, moved, or an order known only closed.
         */
        REMOVED;

        /** The more consequential of the two. */
        public Change and(Change other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    private final Map<String, FulfillmentOrder> byId = new HashMap<>();
    private final String location;
    private final Instant closedSince;
    private final long builtAt;
    private long lastRead;

    /**
     * @param location the Shopify location's id
     * @param closedSince the earliest close this knows of: the full read covers orders closed after it
     * @param builtAt when the full read started (the sink's clock)
     */
    public LocationOrders(String location, Instant closedSince, long builtAt) {
        this.location = location;
        this.closedSince = closedSince;
        this.builtAt = builtAt;
        this.lastRead = builtAt;
    }

    public String location() {
        return location;
    }

    /** When the last read that this is up to date with started (the sink's clock). */
    public long lastRead() {
        return lastRead;
    }

    public void markRead(long startedAt) {
        lastRead = startedAt;
    }

    public Instant closedSince() {
        return closedSince;
    }

    public long builtAt() {
        return builtAt;
    }

    /** The fulfillment order as last read, if known. */
    public Optional<FulfillmentOrder> known(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Records a fulfillment order's state as read and says what that changes. */
    public Change merge(FulfillmentOrder read) {
        FulfillmentOrder before = byId.put(read.id(), read);
        if (before == null) {
            return read.state() == State.OPEN ? Change.ADDED : Change.REMOVED; // placed and closed between two reads
        }
        if (before.state() != State.OPEN) {
            return before.equals(read) ? Change.NONE : Change.REMOVED; // closed ones do not reopen: be wary
        }
        if (read.state() != State.OPEN) {
            return Change.REMOVED;
        }
        Map<String, Long> was = remaining(before);
        Map<String, Long> now = remaining(read);
        Change change = Change.NONE;
        Set<String> items = new HashSet<>(was.keySet());
        items.addAll(now.keySet());
        for (String item : items) {
            long a = was.getOrDefault(item, 0L);
            long b = now.getOrDefault(item, 0L);
            change = change.and(b < a ? Change.REMOVED : b > a ? Change.ADDED : Change.NONE);
        }
        return change;
    }

    private static Map<String, Long> remaining(FulfillmentOrder fo) {
        Map<String, Long> m = new HashMap<>();
        fo.lines().forEach(l -> m.merge(l.inventoryItemId(), l.remaining(), Long::sum));
        return m;
    }

    /**
     * Per inventory item, the remaining units of each open fulfillment order's lines (two lines of one order both
     * count).
     */
    public Map<String, List<OpenLine>> open() {
        Map<String, List<OpenLine>> open = new HashMap<>();
        byId.values().stream()
                .filter(f -> f.state() == State.OPEN)
                .forEach(f -> f.lines()
                        .forEach(l -> open.computeIfAbsent(l.inventoryItemId(), k -> new ArrayList<>())
                                .add(new OpenLine(f.shopifyOrderId(), l.remaining()))));
        return open;
    }

    /**
     * Per inventory item, the whole units of the fulfillment orders in one of the given closed states whose last update
     * came after {@code since}.
     */
    public Map<String, List<OpenLine>> closed(Instant since, State... states) {
        List<State> wanted = List.of(states);
        Map<String, List<OpenLine>> closed = new HashMap<>();
        byId.values().stream()
                .filter(f -> wanted.contains(f.state()) && f.updatedAt().isAfter(since))
                .forEach(f -> f.lines()
                        .forEach(l -> closed.computeIfAbsent(l.inventoryItemId(), k -> new ArrayList<>())
                                .add(new OpenLine(f.shopifyOrderId(), l.total()))));
        return closed;
    }

    /** How many fulfillment orders this knows, open or closed. */
    public int size() {
        return byId.size();
    }
}
