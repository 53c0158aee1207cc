package io.atpsync.harness.chaos;

import io.atpsync.harness.chaos.ChaosSteps.Cancel;
import io.atpsync.harness.chaos.ChaosSteps.Fulfil;
import io.atpsync.harness.chaos.ChaosSteps.Locations;
import io.atpsync.harness.chaos.ChaosSteps.Order;
import io.atpsync.harness.chaos.ChaosSteps.ProductSetting;
import io.atpsync.harness.chaos.ChaosSteps.Publish;
import io.atpsync.harness.chaos.ChaosSteps.Step;
import io.atpsync.harness.chaos.ChaosSteps.Threshold;
import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded workload for one reliability scenario: stores, a warehouse, a facility that does not sell online and a queue
 * pseudo-facility behind three Shopify locations; POS sales, receipts, damages, adjustments, reservations (some for
 * Shopify orders, some of those cancelled on Shopify with or without restock and released by the OMS), fulfilments,
 * cycle counts of the quantity on hand, late events dated before ones already sent (some behind a count), re-sent
 * duplicates and a few events that break their rule. Every step is fed to the {@link ReferenceModel} as it is
 * generated, so the model ends where Shopify must end.
 */
public final class ChaosWorkload {

    public final String prefix;
    public final List<String> skus;
    public final Locations locations;
    public final ReferenceModel model = new ReferenceModel();
    public final List<Step> steps = new ArrayList<>();
    private int publishes;
    public final List<ProductSetting> productSettings = new ArrayList<>();
    public final List<Threshold> thresholds = new ArrayList<>();
    public final String f1;
    public final String f2;
    public final String warehouse;
    public final String offline;
    public final String queue;
    private final Random random;
    private final Map<String, Long> reservedAtWarehouse = new HashMap<>();
    private final Map<String, Long> queued = new HashMap<>();
    private final List<InventoryEvent> published = new ArrayList<>();
    /** Reservations of Shopify orders the OMS has not sent yet, with the step they are due at. */
    private final java.util.TreeMap<Integer, List<Order>> dueReservations = new java.util.TreeMap<>();
    /** Cancels of reserved Shopify orders, and the OMS's releases that follow them, by the step they are due at. */
    private final java.util.TreeMap<Integer, List<Step>> dueCancels = new java.util.TreeMap<>();

    private int cancels;
    private int fulfilments;
    private int late;
    private long seq;
    private final long start = Instant.now().toEpochMilli();
    private long orderSeq;
    private int invalid;

    /**
     * @param prefix names every SKU, facility and id of the scenario (e.g. "R1")
     * @param skuCount SKUs
     * @param events events to generate (orders come on top)
     * @param withOrders whether Shopify orders are placed
     */
    public ChaosWorkload(String prefix, long seed, int skuCount, int events, Locations locations, boolean withOrders) {
        this.prefix = prefix;
        this.locations = locations;
        this.random = new Random(seed);
        this.f1 = prefix + "-F1";
        this.f2 = prefix + "-F2";
        this.warehouse = prefix + "-W";
        this.offline = prefix + "-X";
        this.queue = prefix + "-Q";
        List<String> s = new ArrayList<>();
        for (int i = 0; i < skuCount; i++) {
            s.add(String.format("%s-S%05d", prefix, i));
        }
        this.skus = List.copyOf(s);
        model.facility(f1, true)
                .facility(f2, true)
                .facility(warehouse, true)
                .facility(offline, false)
                .facility(queue, false);
        model.location(locations.store1(), List.of(f1), null)
                .location(locations.store2(), List.of(f2), null)
                .location(locations.online(), List.of(warehouse, f1, f2, offline), queue);
        ChaosSteps.configure(skus, warehouse, f2, locations.online(), productSettings, thresholds);
        productSettings.forEach(p -> model.productFacility(p.sku(), p.facility(), p.safetyStock(), p.allowOnline()));
        thresholds.forEach(t -> model.threshold(t.sku(), t.location(), t.threshold()));
        while (publishes < events) { // events, not steps: Shopify orders come on top
            next(withOrders);
        }
        dueReservations
                .values()
                .forEach(list -> list.forEach(o -> publish(reservation(o), false))); // the OMS catches up
        dueReservations.clear();
        dueCancels.values().forEach(list -> list.forEach(this::take));
        dueCancels.clear();
    }

    /** Shopify orders cancelled (half of them restocked). */
    public int cancels() {
        return cancels;
    }

    /** Shopify orders fulfilled on Shopify (and FULFILLED for the OMS). */
    public int fulfilments() {
        return fulfilments;
    }

    /** Events dated before events published earlier (late, some behind a count). */
    public int lateEvents() {
        return late;
    }

    private void take(Step step) {
        if (step instanceof Fulfil f) {
            steps.add(f);
            fulfilments++;
        } else if (step instanceof Cancel c) {
            steps.add(c);
            cancels++;
            model.shopifyCancel(c.orderId(), c.location(), c.sku(), c.units(), c.restock());
        } else if (step instanceof Publish p) {
            publish(p.event(), false);
        }
    }

    public int invalidEvents() {
        return invalid;
    }

    public long eventCount() {
        return publishes;
    }

    private void next(boolean withOrders) {
        var cancel = dueCancels.firstEntry();
        if (cancel != null && cancel.getKey() <= steps.size()) {
            Step step = cancel.getValue().remove(0);
            if (cancel.getValue().isEmpty()) {
                dueCancels.remove(cancel.getKey());
            }
            take(step);
            return;
        }
        var due = dueReservations.firstEntry();
        if (due != null && due.getKey() <= steps.size()) {
            Order order = due.getValue().remove(0);
            if (due.getValue().isEmpty()) {
                dueReservations.remove(due.getKey());
            }
            publish(reservation(order), false);
            int fate = random.nextInt(8);
            if (fate >= 1) {
                // 7 in 8: shipped 2,000 to 6,000 steps later (picking takes a while; the OMS's FULFILLED and Shopify's
                // fulfilment together)
                int at = steps.size() + 2_000 + random.nextInt(4_000);
                InventoryEvent shipped = event(EventType.FULFILLED, order.sku(), warehouse, -order.units(), 0);
                shipped.setOrderId(order.orderId());
                dueCancels.computeIfAbsent(at, k -> new ArrayList<>()).add(new Fulfil(order.orderId()));
                dueCancels.computeIfAbsent(at, k -> new ArrayList<>()).add(new Publish(shipped));
                reservedAtWarehouse.merge(order.sku(), -order.units(), Long::sum);
            } else if (fate == 0) {
                // 1 in 8: the shopper cancels 20 to 80 steps later; the OMS releases 10 to 150 steps after that (its
                // release often reaches ATP Sync before Shopify's orders/cancelled webhook does)
                int at = steps.size() + 20 + random.nextInt(60);
                dueCancels
                        .computeIfAbsent(at, k -> new ArrayList<>())
                        .add(new Cancel(
                                order.orderId(), order.location(), order.sku(), order.units(), random.nextBoolean()));
                InventoryEvent release =
                        event(EventType.RESERVATION_RELEASED, order.sku(), warehouse, 0, order.units());
                release.setOrderId(order.orderId());
                release.setOrderChannel("SHOPIFY");
                release.setShopifyLocationId(order.location());
                dueCancels
                        .computeIfAbsent(at + 10 + random.nextInt(140), k -> new ArrayList<>())
                        .add(new Publish(release));
                reservedAtWarehouse.merge(order.sku(), -order.units(), Long::sum);
            }
            return;
        }
        String sku = skus.get(random.nextInt(skus.size()));
        int r = random.nextInt(1000);
        if (r < 10 && !published.isEmpty()) { // 1 %: a producer re-sends an event it already sent
            publish(published.get(random.nextInt(published.size())), false);
            return;
        }
        if (r < 12) { // 0.2 %: breaks its rule (a sale that adds stock)
            invalid++;
            publish(event(EventType.POS_SALE, sku, f1, 1, 1), true);
            return;
        }
        if (withOrders && r < 60) { // 4.8 %: a Shopify order, reserved by the OMS later
            long units = 1 + random.nextInt(2);
            if (model.expectedShopify(locations.online(), sku) >= units) {
                String orderId = Long.toString(
                        900_000_000_000L + (long) Math.abs(prefix.hashCode() % 1000) * 1_000_000L + ++orderSeq);
                Order order = new Order(orderId, locations.online(), sku, units);
                steps.add(order);
                model.shopifyOrder(locations.online(), sku, units);
                // the OMS learns of the order 50 to 200 steps later: the order is in flight meanwhile
                dueReservations
                        .computeIfAbsent(steps.size() + 50 + random.nextInt(150), k -> new ArrayList<>())
                        .add(order);
                reservedAtWarehouse.merge(sku, units, Long::sum);
                return;
            }
        }
        String[] sellers = {f1, f2, warehouse, offline};
        String f = sellers[random.nextInt(sellers.length)];
        // 3 %: the event is late, dated up to 60 s before events already sent (about one in five lands behind a count)
        lateBy = random.nextInt(100) < 3 ? 1 + random.nextInt(60_000) : 0;
        if (r < 450) {
            long q = 1 + random.nextInt(10);
            publish(event(EventType.RECEIPT, sku, f, q, q), false);
        } else if (r < 700) {
            long q = 1 + random.nextInt(2);
            publish(event(EventType.POS_SALE, sku, random.nextBoolean() ? f1 : f2, -q, -q), false);
        } else if (r < 750) {
            publish(event(EventType.DAMAGED, sku, f, -1, -1), false);
        } else if (r < 800) {
            long q = (1 + random.nextInt(3)) * (random.nextBoolean() ? 1 : -1);
            publish(event(EventType.ADJUSTMENT, sku, f, q, q), false);
        } else if (r < 870) {
            long q = 1 + random.nextInt(3);
            reservedAtWarehouse.merge(sku, q, Long::sum);
            publish(event(EventType.RESERVATION_CREATED, sku, warehouse, 0, -q), false);
        } else if (r < 900 && reservedAtWarehouse.getOrDefault(sku, 0L) > 0) {
            reservedAtWarehouse.merge(sku, -1L, Long::sum);
            publish(event(EventType.RESERVATION_RELEASED, sku, warehouse, 0, 1), false);
        } else if (r < 940) {
            publish(event(EventType.FULFILLED, sku, warehouse, -1, 0), false);
        } else if (r < 960) {
            InventoryEvent count = event(EventType.CYCLE_COUNT, sku, random.nextBoolean() ? f1 : warehouse, 0, 0);
            count.setSetQoh((long) random.nextInt(60));
            publish(count, false);
        } else if (r < 985) {
            queued.merge(sku, 1L, Long::sum);
            publish(event(EventType.RESERVATION_CREATED, sku, queue, 0, -1), false);
        } else if (queued.getOrDefault(sku, 0L) > 0) {
            queued.merge(sku, -1L, Long::sum);
            publish(event(EventType.RESERVATION_RELEASED, sku, queue, 0, 1), false);
        } else {
            publish(event(EventType.RECEIPT, sku, warehouse, 5, 5), false);
        }
    }

    /** The OMS's reservation of a Shopify order, at the warehouse. */
    private InventoryEvent reservation(Order o) {
        InventoryEvent e = event(EventType.RESERVATION_CREATED, o.sku(), warehouse, 0, -o.units());
        e.setOrderId(o.orderId());
        e.setOrderChannel("SHOPIFY");
        e.setShopifyLocationId(o.location());
        return e;
    }

    private InventoryEvent event(EventType type, String sku, String facility, long qoh, long atp) {
        long n = seq++;
        boolean isCount = type == EventType.CYCLE_COUNT || type == EventType.RESET;
        long lateness = isCount ? 0 : lateBy;
        lateBy = 0;
        if (lateness > 0) {
            late++;
        }
        return InventoryEvent.newBuilder()
                .setEventId(prefix + "-e" + n)
                .setSource("CHAOS")
                .setType(type)
                .setSku(sku)
                .setFacilityId(facility)
                .setQohDiff(qoh)
                .setAtpDiff(atp)
                .setOccurredAt(Instant.ofEpochMilli(start + n - lateness))
                .build();
    }

    /** How late the next generated event is dated (0: on time). */
    private long lateBy;

    private void publish(InventoryEvent e, boolean breaksRule) {
        model.apply(e);
        steps.add(new Publish(e));
        publishes++;
        if (!breaksRule) {
            published.add(e);
        }
    }
}
