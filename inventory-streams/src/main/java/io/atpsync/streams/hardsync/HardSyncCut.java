package io.atpsync.streams.hardsync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one task's cut of a hard sync sends (DESIGN.md, "Hard sync"): an order-aware SET target for every key in the
 * request's scope that this task holds, that is, every (SKU, location) it has online ATP for and every catalogued SKU
 * of the shop at every mapped location in scope, whether or not an event has touched it there. A key whose SKU the
 * catalogue does not know gets no target (it is counted as unmapped: its buffered variances stay and flow once the
 * catalogue knows it). Every key with a target has its buffered variances dropped: the target replaces them.
 *
 * <p>Fed in two passes, online ATP first, then the catalogue, so a key is targeted once.
 */
public final class HardSyncCut {

    /** The request's scope: a shop, and optionally some of its Shopify locations and SKUs (empty: all). */
    public record Scope(String shop, List<String> locations, List<String> skus) {
        public Scope {
            locations = List.copyOf(locations);
            skus = List.copyOf(skus);
        }

        public boolean covers(String shop, String location, String sku) {
            return this.shop.equals(shop) && coversLocation(location) && coversSku(sku);
        }

        boolean coversSku(String sku) {
            return skus.isEmpty() || skus.contains(sku);
        }

        boolean coversLocation(String location) {
            return locations.isEmpty() || locations.contains(location);
        }
    }

    /** One SET target to send: a SKU at a Shopify location, with its inventory item. */
    public record Target(String location, String sku, String inventoryItemId) {}

    private final Scope scope;
    private final List<String> locations = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Set<List<String>> covered = new HashSet<>();
    private int unmapped;

    /**
     * @param scope what the request covers
     * @param mappedShopLocations the Shopify locations mapped for the request's shop (those outside the scope are left
     *     out)
     */
    public HardSyncCut(Scope scope, Collection<String> mappedShopLocations) {
        this.scope = scope;
        mappedShopLocations.stream().filter(scope::coversLocation).forEach(locations::add);
    }

    /** A key this task has online ATP for, with its SKU's inventory item ({@code null}: not in the catalogue). */
    public void online(String shop, String location, String sku, String inventoryItemId) {
        if (!scope.covers(shop, location, sku)) {
            return;
        }
        if (inventoryItemId == null) {
            unmapped++;
            return;
        }
        add(new Target(location, sku, inventoryItemId));
    }

    /** A catalogued SKU of the request's shop: a target at every mapped location in scope not targeted yet. */
    public void catalogued(String sku, String inventoryItemId) {
        if (!scope.coversSku(sku)) {
            return;
        }
        for (String location : locations) {
            add(new Target(location, sku, inventoryItemId));
        }
    }

    private void add(Target t) {
        if (covered.add(List.of(t.sku(), t.location()))) {
            targets.add(t);
        }
    }

    /** The targets per Shopify location, locations in order, each in the order it was found. */
    public Map<String, List<Target>> byLocation() {
        return targets.stream().collect(Collectors.groupingBy(Target::location, TreeMap::new, Collectors.toList()));
    }

    /**
     * The targets per location, with every mapped location in scope present (an empty list where this task has none):
     * the sink learns from each task's batches, empty ones included, when it has a location's whole cut.
     */
    public Map<String, List<Target>> byLocationInScope() {
        Map<String, List<Target>> all = new TreeMap<>();
        locations.forEach(l -> all.put(l, new ArrayList<>()));
        targets.forEach(
                t -> all.computeIfAbsent(t.location(), l -> new ArrayList<>()).add(t));
        return all;
    }

    /** Every target, in the order found: the keys whose buffered variances the cut drops. */
    public List<Target> targets() {
        return targets;
    }

    public int unmapped() {
        return unmapped;
    }

    /** What the task records for {@code GET /hard-sync/{id}}. */
    public HardSyncStatus status(Instant cutAt) {
        return new HardSyncStatus(targets.size(), unmapped, cutAt);
    }
}
