package io.atpsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A bulk query's result as Shopify writes it: JSON lines, one per connection node. */
final class BulkJsonl {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private BulkJsonl() {}

    /**
     * Shopify's bulk JSONL: every node of every connection on its own line, without its nested connections; a node
     * inside another node's connection carries {@code __parentId}. Each line goes to {@code lines} as it is made (a
     * catalogue's million levels are written out, never held twice). Returns the number of top-level (root) nodes.
     */
    @SuppressWarnings("unchecked")
    static long flatten(Object value, String parentId, Consumer<Map<String, Object>> lines) {
        long roots = 0;
        if (!(value instanceof Map<?, ?> map)) {
            return 0;
        }
        for (Object fieldValue : map.values()) {
            if (!(fieldValue instanceof Map<?, ?> field)) {
                continue;
            }
            List<Object> nodes = Connections.nodesOf((Map<String, Object>) field);
            if (nodes == null) {
                roots += flatten(field, parentId, lines); // an object on the way to a connection
                continue;
            }
            for (Object n : nodes) {
                Map<String, Object> node = (Map<String, Object>) n;
                Map<String, Object> line = new LinkedHashMap<>();
                List<Map<String, Object>> nested = new ArrayList<>();
                node.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> m && Connections.nodesOf((Map<String, Object>) m) != null) {
                        nested.add(Map.of(k, v));
                    } else {
                        line.put(k, v);
                    }
                });
                if (parentId != null) {
                    line.put("__parentId", parentId);
                } else {
                    roots++;
                }
                lines.accept(line);
                String id = node.get("id") == null ? parentId : node.get("id").toString();
                for (Map<String, Object> connection : nested) {
                    flatten(connection, id, lines);
                }
            }
        }
        return roots;
    }

    /** Appends {@code line} as one JSON line and counts it. */
    static void writeLine(java.io.ByteArrayOutputStream out, Map<String, Object> line, long[] count) {
        try {
            JSON.writeValue(out, line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.write('\n');
        count[0]++;
    }
}
