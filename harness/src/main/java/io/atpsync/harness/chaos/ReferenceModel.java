package io.atpsync.harness.chaos;

import io.atpsync.schemas.InventoryEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reliability suite's oracle: its own small implementation of DESIGN.md — event rules, stock positions, the online
 * ATP formula, Shopify-order compensation — written apart from the production code (no class of the Streams app is
 * used), so a bug there cannot hide here.
 *
 * <p>Shopify starts at 0 everywhere and online ATP at 0, so in variance mode Shopify must end at onlineAtp − (orders
 * Shopify counted) + (compensations for those orders' reservations) + (units Shopify restocked when it cancelled an
 * order). A release of an order Shopify cancelled without restock is not compensated: Shopify kept those units out, so
 * online ATP's rise must reach it.
 *
 * <p>Events apply as of their {@code occurredAt}, as the design says, whatever order they arrive in: a position's stock
 * is its valid events folded in event-time order (a count at T replaces what happened at or before T; ATP shifts with a
 * count of the quantity on hand only).
 */
public final class ReferenceModel {

    private record Stock(long qoh, long atp) {}

    private record Location(List<String> facilities, String queueFacility) {}

    private final Map<String, Boolean> sellsOnline = new HashMap<>();
    private final Map<String, Long> safetyStock = new HashMap<>();
    private final Set<String> notAllowedOnline = new HashSet<>();
    private final Map<String, Long> thresholds = new HashMap<>();
    private final Map<String, Location> locations = new HashMap<>();
    private final Map<String, java.util.List<InventoryEvent>> history = new HashMap<>();
    private final Map<String, Stock> stock = new HashMap<>();
    private final Map<String, Long> restocked = new HashMap<>();
    private final Set<String> cancelledWithoutRestock = new HashSet<>();
    private final Set<String> seenIds = new HashSet<>();
    /** Per location|sku: units Shopify took for orders, and units given back by their reservations' compensation. */
    private final Map<String, Long> shopifyOrders = new HashMap<>();

    private final Map<String, Long> compensation = new HashMap<>();
    private long applied;
    private long duplicates;
    private long rejected;

    public ReferenceModel facility(String id, boolean online) {
        sellsOnline.put(id, online);
        return this;
    }

    public ReferenceModel productFacility(String sku, String facility, long safety, boolean allowOnline) {
        safetyStock.put(sku + "|" + facility, safety);
        if (!allowOnline) {
            notAllowedOnline.add(sku + "|" + facility);
        }
        return this;
    }

    /** {@code location} null: every location. */
    public ReferenceModel threshold(String sku, String location, long threshold) {
        thresholds.put(location == null ? sku : sku + "|" + location, threshold);
        return this;
    }

    public ReferenceModel location(String id, List<String> facilities, String queueFacility) {
        locations.put(id, new Location(List.copyOf(facilities), queueFacility));
        return this;
    }

    /** Applies an event as the contract says; false when it is a duplicate or breaks its type's rule. */
    public boolean apply(InventoryEvent e) {
        if (!valid(e)) {
            rejected++;
            return false;
        }
        if (!seenIds.add(e.getEventId())) {
            duplicates++;
            return false;
        }
        String key = e.getSku() + "|" + e.getFacilityId();
        history.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(e);
        stock.remove(key); // folded again when next read
        boolean reservation = e.getType().name().startsWith("RESERVATION_");
        boolean notRestocked =
                e.getType().name().equals("RESERVATION_RELEASED") && cancelledWithoutRestock.contains(e.getOrderId());
        if (reservation && "SHOPIFY".equals(e.getOrderChannel()) && e.getShopifyLocationId() != null && !notRestocked) {
            compensation.merge(e.getShopifyLocationId() + "|" + e.getSku(), -e.getAtpDiff(), Long::sum);
        }
        applied++;
        return true;
    }

    /** A position's stock: its events in event-time order (deltas before a count of the same millisecond). */
    private Stock stock(String key) {
        return stock.computeIfAbsent(key, k -> {
            java.util.List<InventoryEvent> events = new java.util.ArrayList<>(history.getOrDefault(k, List.of()));
            events.sort(java.util.Comparator.comparingLong(
                            (InventoryEvent e) -> e.getOccurredAt().toEpochMilli())
                    .thenComparing(e -> e.getType().name().equals("CYCLE_COUNT")
                            || e.getType().name().equals("RESET")));
            Stock s = new Stock(0, 0);
            for (InventoryEvent e : events) {
                s = switch (e.getType()) {
                    case CYCLE_COUNT, RESET -> {
                        long qoh = e.getSetQoh() != null ? e.getSetQoh() : s.qoh();
                        long atp = e.getSetAtp() != null ? e.getSetAtp() : s.atp() + (qoh - s.qoh());
                        yield new Stock(qoh, atp);
                    }
                    case RESERVATION_CREATED, RESERVATION_RELEASED -> new Stock(s.qoh(), s.atp() + e.getAtpDiff());
                    case FULFILLED -> new Stock(s.qoh() + e.getQohDiff(), s.atp());
                    default -> new Stock(s.qoh() + e.getQohDiff(), s.atp() + e.getAtpDiff());
                };
            }
            return s;
        });
    }

    /**
     * Shopify cancelled an order: with restock its units went back to {@code available} at the location; without, the
     * OMS's later release of it is not compensated.
     */
    public void shopifyCancel(String orderId, String location, String sku, long units, boolean restock) {
        if (restock) {
            restocked.merge(location + "|" + sku, units, Long::sum);
        } else {
            cancelledWithoutRestock.add(orderId);
        }
    }

    /** Shopify took {@code units} at the location for an order (before the OMS knows). */
    public void shopifyOrder(String location, String sku, long units) {
        shopifyOrders.merge(location + "|" + sku, units, Long::sum);
    }

    public long onlineAtp(String location, String sku) {
        Location l = locations.get(location);
        if (l == null) {
            return 0;
        }
        long sum = 0;
        for (String f : l.facilities()) {
            if (!sellsOnline.getOrDefault(f, false) || notAllowedOnline.contains(sku + "|" + f)) {
                continue;
            }
            long atp = stock(sku + "|" + f).atp();
            sum += Math.max(0, atp - safetyStock.getOrDefault(sku + "|" + f, 0L));
        }
        long threshold = thresholds.getOrDefault(sku + "|" + location, thresholds.getOrDefault(sku, 0L));
        long queue = l.queueFacility() == null
                ? 0
                : Math.max(0, -stock(sku + "|" + l.queueFacility()).atp());
        return Math.max(0, sum - threshold - queue);
    }

    /** What Shopify's available must be at the location once everything is pushed (variance mode, from 0). */
    public long expectedShopify(String location, String sku) {
        String k = location + "|" + sku;
        return onlineAtp(location, sku)
                + compensation.getOrDefault(k, 0L)
                - shopifyOrders.getOrDefault(k, 0L)
                + restocked.getOrDefault(k, 0L);
    }

    public long applied() {
        return applied;
    }

    public long duplicates() {
        return duplicates;
    }

    public long rejected() {
        return rejected;
    }

    /** DESIGN.md's rule table, written out again. */
    static boolean valid(InventoryEvent e) {
        long q = e.getQohDiff();
        long a = e.getAtpDiff();
        boolean sets = e.getSetQoh() != null || e.getSetAtp() != null;
        return switch (e.getType()) {
            case RECEIPT, TRANSFER_RECEIPT, RETURN_RESTOCK, FOUND -> !sets && q >= 0 && a >= 0 && q + a > 0;
            case POS_SALE, DAMAGED, LOST, SHRINKAGE -> !sets && q <= 0 && a <= 0 && q + a < 0;
            case ADJUSTMENT -> !sets && (q != 0 || a != 0);
            case RESERVATION_CREATED -> !sets && q == 0 && a < 0;
            case RESERVATION_RELEASED -> !sets && q == 0 && a > 0;
            case FULFILLED -> !sets && a == 0 && q < 0;
            case CYCLE_COUNT, RESET -> sets && q == 0 && a == 0 && (e.getSetQoh() == null || e.getSetQoh() >= 0);
            default -> false;
        };
    }
}
