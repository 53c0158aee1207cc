package io.atpsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.schema.DataFetchingEnvironment;

/** Relay connections as Shopify returns them: {@code nodes}, {@code edges{cursor node}}, {@code pageInfo}. */
final class Connections {

    /** GraphQL context key: a bulk operation runs, so connections return every node at once. */
    static final String BULK = "bulk";

    private Connections() {
    }

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
        int from = after == null ? 0 : decode(after) + 1;
        boolean bulk = Boolean.TRUE.equals(env.getGraphQlContext().get(BULK));
        int size = bulk ? all.size() : first != null ? first : last != null ? last : 50;
        int to = Math.min(all.size(), from + size);
        List<Map<String, Object>> edges = new ArrayList<>();
        List<Object> nodes = new ArrayList<>();
        for (int i = from; i < to; i++) {
            edges.add(Map.of("cursor", encode(i), "node", all.get(i)));
            nodes.add(all.get(i));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", to < all.size());
        pageInfo.put("hasPreviousPage", from > 0);
        pageInfo.put("startCursor", nodes.isEmpty() ? null : encode(from));
        pageInfo.put("endCursor", nodes.isEmpty() ? null : encode(to - 1));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", edges);
        connection.put("nodes", nodes);
        connection.put("pageInfo", pageInfo);
        return connection;
    }

    private static String encode(int i) {
        return Base64.getEncoder().encodeToString(("cursor:" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String cursor) {
        try {
            return Integer.parseInt(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8).substring("cursor:".length()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid cursor " + cursor);
        }
    }
}
