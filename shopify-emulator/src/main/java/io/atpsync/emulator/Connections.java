package io.atpsync.emulator;

import graphql.schema.DataFetchingEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Relay connections as Shopify returns them: {@code nodes}, {@code edges{cursor node}}, {@code pageInfo}. */
final class Connections {

    /** GraphQL context key: a bulk operation runs, so connections return every node at once. */
    static final String BULK = "bulk";

    private Connections() {}

    /** The nodes of a connection result ({@code nodes} or {@code edges[].node}); null when it is not one. */
    @SuppressWarnings("unchecked")
    static List<Object> nodesOf(Map<String, Object> field) {
        if (field.get("nodes") instanceof List<?> nodes) {
            return (List<Object>) nodes;
        }
        if (field.get("edges") instanceof List<?> edges) {
            List<Object> nodes = new ArrayList<>();
            edges.forEach(e -> nodes.add(((Map<String, Object>) e).get("node")));
            return nodes;
        }
        return null;
    }

    static Map<String, Object> of(List<?> all, DataFetchingEnvironment env) {
        Integer first = env.getArgument("first");
        Integer last = env.getArgument("last");
        String after = env.getArgument("after");
        int from = after == null ? 0 : after(all, after);
        boolean bulk = Boolean.TRUE.equals(env.getGraphQlContext().get(BULK));
        int size = bulk ? all.size() : first != null ? first : last != null ? last : 50;
        int to = Math.min(all.size(), from + size);
        List<Map<String, Object>> edges = new ArrayList<>();
        List<Object> nodes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            edges.add(Map.of("cursor", encode(all, i), "node", all.get(i)));
            nodes.add(all.get(i));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", to < all.size());
        pageInfo.put("hasPreviousPage", from > 0);
        pageInfo.put("startCursor", nodes.isEmpty() ? null : encode(all, from));
        pageInfo.put("endCursor", nodes.isEmpty() ? null : encode(all, to - 1));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", edges);
        connection.put("nodes", nodes);
        connection.put("pageInfo", pageInfo);
        return connection;
    }

    /**
     * A cursor names its node, as Shopify's do (they encode the last node's sort key), not a position: a node leaving
     * the result between two pages (a fulfillment order closing) must not make the next page skip one.
     */
    private static String encode(List<?> all, int i) {
        String id = idOf(all.get(i));
        return Base64.getEncoder()
                .encodeToString(("cursor:" + i + (id == null ? "" : ":" + id)).getBytes(StandardCharsets.UTF_8));
    }

    /** Where the page after {@code cursor} starts: after its node, or where that node would be (ids ascend). */
    private static int after(List<?> all, String cursor) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid cursor " + cursor);
        }
        if (!decoded.startsWith("cursor:")) {
            throw new IllegalArgumentException("Invalid cursor " + cursor);
        }
        String[] parts = decoded.substring("cursor:".length()).split(":", 2);
        int index;
        try {
            index = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid cursor " + cursor);
        }
        if (parts.length < 2) {
            return index + 1;
        }
        String id = parts[1];
        Long number = number(id);
        for (int i = 0; i < all.size(); i++) {
            String other = idOf(all.get(i));
            if (id.equals(other)) {
                return i + 1;
            }
            Long n = number(other);
            if (number != null && n != null && n > number) {
                return i; // the cursor's node left the result: continue after where it was
            }
        }
        return number == null ? index + 1 : all.size();
    }

    private static String idOf(Object node) {
        if (node instanceof Map<?, ?> m) {
            return m.get("id") == null ? null : String.valueOf(m.get("id"));
        }
        if (node instanceof Record r) {
            for (var c : r.getClass().getRecordComponents()) {
                if (c.getName().equals("id")) {
                    try {
                        Object id = c.getAccessor().invoke(r);
                        return id == null ? null : String.valueOf(id);
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static Long number(String gid) {
        if (gid == null) {
            return null;
        }
        try {
            return Long.parseLong(Gid.number(gid));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
