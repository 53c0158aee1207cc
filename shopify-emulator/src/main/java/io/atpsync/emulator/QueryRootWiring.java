package io.atpsync.emulator;

import static io.atpsync.emulator.InventoryWiring.*;

import graphql.schema.idl.RuntimeWiring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The QueryRoot fields the emulator executes: inventory, locations, products, orders, bulk operations. */
final class QueryRootWiring {

    private QueryRootWiring() {}

    static void wire(RuntimeWiring.Builder b) {
        b.type(
                "QueryRoot",
                t -> t.dataFetcher(
                                "locations",
                                read(
                                        "read_locations",
                                        env -> Connections.of(
                                                InventoryWiring.shop(env).locations(), env)))
                        .dataFetcher("location", read("read_locations", env -> {
                            String id = env.getArgument("id");
                            return id == null
                                    ? InventoryWiring.shop(env).locations().stream()
                                            .findFirst()
                                            .orElse(null)
                                    : InventoryWiring.shop(env).location(id).orElse(null);
                        }))
                        .dataFetcher(
                                "inventoryItem",
                                read(
                                        "read_inventory",
                                        env -> InventoryWiring.shop(env)
                                                .item(env.getArgument("id"))
                                                .orElse(null)))
                        .dataFetcher("inventoryItems", read("read_inventory", env -> {
                            QueryFilter q = QueryFilter.parse(env.getArgument("query"));
                            return Connections.of(
                                    InventoryWiring.shop(env)
                                            .itemsWhere(
                                                    i -> q.on("sku").stream().allMatch(s -> s.matches(i.sku()))),
                                    env);
                        }))
                        .dataFetcher("productVariants", read("read_products", env -> {
                            QueryFilter q = QueryFilter.parse(env.getArgument("query"));
                            return Connections.of(
                                    InventoryWiring.shop(env)
                                            .variantsWhere(
                                                    v -> q.on("sku").stream().allMatch(s -> s.matches(v.sku()))),
                                    env);
                        }))
                        .dataFetcher("nodes", read("read_inventory", env -> {
                            List<String> ids = env.getArgument("ids");
                            List<Object> nodes = new ArrayList<>();
                            ids.forEach(id ->
                                    nodes.add(InventoryWiring.shop(env).node(id).orElse(null)));
                            return nodes;
                        }))
                        .dataFetcher(
                                "node",
                                read(
                                        "read_inventory",
                                        env -> InventoryWiring.shop(env)
                                                .node(env.getArgument("id"))
                                                .orElse(null)))
                        .dataFetcher(
                                "order",
                                read(
                                        "read_orders",
                                        env -> InventoryWiring.shop(env)
                                                .node(env.getArgument("id"))
                                                .filter(o -> o instanceof Model.Order)
                                                .orElse(null)))
                        .dataFetcher("fulfillmentOrders", readFulfillmentOrders(env -> {
                            // query: assigned_location_id:N and status:open (Shopify's search syntax); closed ones only
                            // with includeClosed
                            QueryFilter q = QueryFilter.parse(env.getArgument("query"));
                            boolean includeClosed = Boolean.TRUE.equals(env.getArgument("includeClosed"));
                            List<Model.FulfillmentOrder> found =
                                    InventoryWiring.shop(env).sales.fulfillmentOrders().stream()
                                            .filter(f ->
                                                    includeClosed || !f.status().equals("CLOSED"))
                                            .filter(f -> q.on("assigned_location_id").stream()
                                                    .allMatch(a -> a.value().equals(Gid.number(f.locationId()))))
                                            .filter(f -> q.on("status").stream()
                                                    .allMatch(a -> a.value().equalsIgnoreCase(f.status())))
                                            .filter(f ->
                                                    q.on("updated_at").stream().allMatch(a -> a.matches(f.updatedAt())))
                                            .toList(); // immutable records: this answer is what was read
                            long ship = includeClosed
                                    ? -1
                                    : InventoryWiring.shop(env).faults.fulfilAfterOpenOrdersRead();
                            if (ship >= 0) {
                                InventoryWiring.shop(env).sales.fulfill(ship);
                            }
                            return Connections.of(found, env);
                        }))
                        .dataFetcher("currentAppInstallation", env -> {
                            List<String> scopes = env.getGraphQlContext().get(SCOPES);
                            return Map.of(
                                    "id",
                                    "gid://shopify/AppInstallation/1",
                                    "accessScopes",
                                    scopes.stream()
                                            .map(h -> Map.of("handle", h, "description", h))
                                            .toList());
                        })
                        .dataFetcher(
                                "bulkOperation",
                                env -> InventoryWiring.shop(env)
                                        .bulk
                                        .get(env.getArgument("id"))
                                        .orElse(null))
                        .dataFetcher(
                                "bulkOperations",
                                env -> Connections.of(
                                        InventoryWiring.shop(env)
                                                .bulk
                                                .where(
                                                        env.getArgument("query"),
                                                        Boolean.TRUE.equals(env.getArgument("reverse"))),
                                        env))
                        .dataFetcher(
                                "currentBulkOperation",
                                env -> InventoryWiring.shop(env)
                                        .bulk
                                        .current(
                                                env.getArgument("type") == null
                                                        ? null
                                                        : env.getArgument("type")
                                                                .toString())
                                        .orElse(null)));
    }
}
