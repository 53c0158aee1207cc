package io.atpsync.sink.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.AdjustmentChange;
import io.atpsync.shopify.InventoryLevel;
import io.atpsync.sink.hardsync.OrderAwareTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What a bulk hard sync writes at one location, from the levels its bulk query read: per item, the order-aware target
 * against {@code available}, as a delta guarded by {@code changeFromQuantity} = the available read; lines of at most
 * 250 changes. An item goes to the direct path instead ({@link Plan#direct}) when the read cannot be trusted for it: a
 * live delta touched it since its cut, Shopify has no level for it at the location (the direct read tells a missing
 * item from one not stocked there, and skips a target of 0), or its orders and {@code committed} disagree (an order
 * came between the two reads).
 */
public final class BulkPlan {

    /** Changes in one line: Shopify's limit for one inventoryAdjustQuantities call. */
    public static final int LINE_MAX = 250;

    /** One change of a line: the item, its SKU, the delta, and the available it was computed from. */
    public record Change(String inventoryItemId, String sku, long delta, long changeFrom) {}

    /** One line of the file: changes at one location. */
    public record Line(String location, List<Change> changes) {}

    /** An item refused without a call: Shopify's code and message, as the direct path would report them. */
    public record Refusal(AdjustmentChange change, String code, String message) {}

    /** The lines, the items left for the direct path, the items refused, and how many were right already. */
    public record Plan(List<Line> lines, List<AdjustmentChange> direct, List<Refusal> refused, int unchanged) {}

    /** What a bulk query read: the levels per location and item, and every inventory item it listed. */
    public record Levels(Map<String, Map<String, InventoryLevel>> byLocation, Set<String> items) {
        public Map<String, InventoryLevel> at(String location) {
            return byLocation.getOrDefault(location, Map.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkPlan() {}

    /**
     * @param location the Shopify location
     * @param targets the hard sync's changes there (online ATP at the cut and the reserved orders)
     * @param levels what the bulk query read there, per inventory item
     * @param touched items a live delta touched since their cut
     * @param items every inventory item the bulk query listed (null: unknown, so an item without a level is left to the
     *     direct path's read)
     * @param targetOf an item's order-aware target, given Shopify's committed there
     */
    public static Plan plan(
            String location,
            List<AdjustmentChange> targets,
            Map<String, InventoryLevel> levels,
            Set<String> items,
            Predicate<String> touched,
            BiFunction<AdjustmentChange, Long, OrderAwareTarget.Result> targetOf) {
        return plan(location, targets, levels, items, touched, targetOf, false);
    }

    /**
     * The plan at a location that publishes on hand: each item's target is its {@code on_hand} (no orders: Shopify
     * subtracts them itself), written as a delta to {@code available}, which moves {@code on_hand} by as much, still
     * guarded by the available read.
     */
    public static Plan onHand(
            String location,
            List<AdjustmentChange> targets,
            Map<String, InventoryLevel> levels,
            Set<String> items,
            Predicate<String> touched) {
        return plan(
                location,
                targets,
                levels,
                items,
                touched,
                (c, committed) -> new OrderAwareTarget.Result(c.getQuantity(), 0, 0, true),
                true);
    }

    private static Plan plan(
            String location,
            List<AdjustmentChange> targets,
            Map<String, InventoryLevel> levels,
            Set<String> items,
            Predicate<String> touched,
            BiFunction<AdjustmentChange, Long, OrderAwareTarget.Result> targetOf,
            boolean onHand) {
        List<Change> changes = new ArrayList<>();
        List<AdjustmentChange> direct = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        int unchanged = 0;
        for (AdjustmentChange c : targets) {
            InventoryLevel level = levels.get(c.getInventoryItemId());
            if (touched.test(c.getInventoryItemId()) || (level == null && items == null)) {
                direct.add(c);
                continue;
            }
            if (level == null) { // not stocked here: a hard sync's 0 is nothing to set (as on the direct path)
                if (!nothingToSet(c)) {
                    refused.add(
                            items.contains(c.getInventoryItemId())
                                    ? new Refusal(
                                            c,
                                            "ITEM_NOT_STOCKED_AT_LOCATION",
                                            c.getSku() + " (" + c.getInventoryItemId() + ") is not stocked at "
                                                    + location)
                                    : new Refusal(
                                            c,
                                            "INVALID_INVENTORY_ITEM",
                                            "inventory item " + c.getInventoryItemId() + " does not exist"));
                }
                continue;
            }
            OrderAwareTarget.Result r = targetOf.apply(c, level.committed());
            long current = onHand ? level.onHand() : level.available();
            if (!r.consistent()) {
                direct.add(c);
            } else if (r.target() == current) {
                unchanged++;
            } else {
                changes.add(new Change(c.getInventoryItemId(), c.getSku(), r.target() - current, level.available()));
            }
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < changes.size(); i += LINE_MAX) {
            lines.add(new Line(location, List.copyOf(changes.subList(i, Math.min(changes.size(), i + LINE_MAX)))));
        }
        return new Plan(lines, direct, refused, unchanged);
    }

    /** A target of 0 where Shopify does not stock the item: nothing to set (the direct path's rule). */
    static boolean nothingToSet(AdjustmentChange c) {
        long atp = c.getOnlineAtp() != null ? c.getOnlineAtp() : c.getQuantity();
        return atp == 0 && c.getQuantity() <= 0;
    }

    /**
     * The levels at {@code locations} in a bulk query's JSONL of {@code inventoryItems → inventoryLevels { location {
     * id } quantities }}: a level's line carries its item as {@code __parentId} (shopify.dev, bulk operation queries:
     * "child rows carry __parentId").
     */
    public static Levels levels(Path jsonl, Set<String> locations) throws IOException {
        Map<String, Map<String, InventoryLevel>> out = new HashMap<>();
        Set<String> items = new java.util.HashSet<>();
        locations.forEach(l -> out.put(l, new HashMap<>()));
        if (jsonl == null) {
            return new Levels(out, items);
        }
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                if (!text.contains("\"quantities\"")) {
                    JsonNode item = JSON.readTree(text);
                    if (!item.has("__parentId")
                            && item.path("id").asText().startsWith("gid://shopify/InventoryItem/")) {
                        items.add(item.path("id").asText());
                    }
                    continue;
                }
                JsonNode row = JSON.readTree(text);
                Map<String, InventoryLevel> at =
                        out.get(row.path("location").path("id").asText());
                if (at != null && row.has("__parentId")) {
                    at.put(row.path("__parentId").asText(), InventoryLevel.of(row));
                }
            }
        }
        return new Levels(out, items);
    }

    /**
     * The bulk query that reads every level's available, committed and on_hand (the notes' hard-sync snapshot shape).
     */
    public static final String LEVELS_QUERY = "{ inventoryItems { edges { node { id inventoryLevels { edges { node { "
            + "location { id } quantities(names: [\"available\", \"committed\", \"on_hand\"]) { name quantity } }"
            + " } } } } } }";
}
