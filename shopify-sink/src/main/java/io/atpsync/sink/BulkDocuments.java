package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.shopify.Gid;
import io.atpsync.sink.bulk.BulkPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The documents of a bulk hard sync: the mutation, named for the hard sync and its locations (the 2026-10
 * {@code BulkOperation} has no client identifier to find it by, but its {@code query} is the document), and each line's
 * variables with an idempotency key that follows the line's content.
 */
final class BulkDocuments {

    private BulkDocuments() {}

    /** The name every bulk mutation of a hard sync starts with. */
    static String name(String hardSync) {
        return "AtpSyncHardSync_" + IdempotencyKeys.digest(hardSync);
    }

    /** The mutation document: named for the hard sync and the locations it writes, so a restart can find it. */
    static String document(String hardSync, Set<String> locations) {
        StringBuilder name = new StringBuilder(name(hardSync));
        locations.forEach(l -> name.append('_').append(Gid.number(l)));
        return "mutation " + name + "($input: InventoryAdjustQuantitiesInput!, $key: String!) { "
                + "inventoryAdjustQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } "
                + "userErrors { field message code } } }";
    }

    /** The location numbers a document names (after the hard sync's name). */
    static Set<String> locationsOf(String document, String hardSync) {
        Set<String> out = new TreeSet<>();
        int at = document.indexOf(name(hardSync));
        if (at < 0) {
            return out;
        }
        String rest = document.substring(at + name(hardSync).length());
        int end = rest.indexOf('(');
        for (String part : (end < 0 ? rest : rest.substring(0, end)).split("_")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** A line's variables: the input of one inventoryAdjustQuantities, and its idempotency key. */
    static Map<String, Object> variables(String hardSync, AdjustmentBatch first, BulkPlan.Line line) {
        List<Map<String, Object>> changes = new ArrayList<>();
        StringBuilder content = new StringBuilder(line.location());
        for (BulkPlan.Change c : line.changes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("inventoryItemId", c.inventoryItemId());
            m.put("locationId", line.location());
            m.put("delta", c.delta());
            m.put("changeFromQuantity", c.changeFrom());
            changes.add(m);
            content.append('|')
                    .append(c.inventoryItemId())
                    .append(':')
                    .append(c.changeFrom())
                    .append('>')
                    .append(c.delta());
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "available");
        input.put("reason", first.getReason());
        input.put("referenceDocumentUri", "gid://atp-sync/HardSync/" + hardSync);
        input.put("changes", changes);
        // The key follows the content: the same line (same reads) is applied once, however often it is sent.
        return Map.of("input", input, "key", "hs-bulk/" + IdempotencyKeys.digest(hardSync + "|" + content));
    }
}
