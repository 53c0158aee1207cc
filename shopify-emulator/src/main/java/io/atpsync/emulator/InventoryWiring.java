package io.atpsync.emulator;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import io.atpsync.emulator.Model.AdjustmentGroup;
import io.atpsync.emulator.Model.Change;
import io.atpsync.emulator.Model.Item;
import io.atpsync.emulator.Model.Level;
import io.atpsync.emulator.Model.Location;
import io.atpsync.emulator.Model.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires Shopify's schema to the emulator's shops: the inventory subset executes with Shopify's semantics; every other
 * field resolves to null (a non-null one then errors, as an unsupported field should).
 */
final class InventoryWiring {

    static final String SHOP = "shop";
    static final String SCOPES = "scopes";

    private InventoryWiring() {}

    static RuntimeWiring wiring(TypeDefinitionRegistry registry) {
        RuntimeWiring.Builder b = RuntimeWiring.newRuntimeWiring().wiringFactory(new Defaults());
        b.type(
                "QueryRoot",
                t -> t.dataFetcher(
                                "locations",
                                read(
                                        "read_locations",
                                        env -> Connections.of(shop(env).locations(), env)))
                        .dataFetcher("location", read("read_locations", env -> {
                            String id = env.getArgument("id");
                            return id == null
                                    ? shop(env).locations().stream().findFirst().orElse(null)
                                    : shop(env).location(id).orElse(null);
                        }))
                        .dataFetcher(
                                "inventoryItem",
                                read(
                                        "read_inventory",
                                        env -> shop(env)
                                                .item(env.getArgument("id"))
                                                .orElse(null)))
                        .dataFetcher("inventoryItems", read("read_inventory", env -> {
                            QueryFilter q = QueryFilter.parse(env.getArgument("query"));
                            return Connections.of(
                                    shop(env)
                                            .itemsWhere(
                                                    i -> q.on("sku").stream().allMatch(s -> s.matches(i.sku()))),
                                    env);
                        }))
                        .dataFetcher("productVariants", read("read_products", env -> {
                            QueryFilter q = QueryFilter.parse(env.getArgument("query"));
                            return Connections.of(
                                    shop(env)
                                            .variantsWhere(
                                                    v -> q.on("sku").stream().allMatch(s -> s.matches(v.sku()))),
                                    env);
                        }))
                        .dataFetcher("nodes", read("read_inventory", env -> {
                            List<String> ids = env.getArgument("ids");
                            List<Object> nodes = new ArrayList<>();
                            ids.forEach(id -> nodes.add(shop(env).node(id).orElse(null)));
                            return nodes;
                        }))
                        .dataFetcher(
                                "node",
                                read(
                                        "read_inventory",
                                        env -> shop(env)
                                                .node(env.getArgument("id"))
                                                .orElse(null)))
                        .dataFetcher(
                                "order",
                                read(
                                        "read_orders",
                                        env -> shop(env)
                                                .node(env.getArgument("id"))
                                                .filter(o -> o instanceof Model.Order)
                                                .orElse(null)))
                        .dataFetcher("fulfillmentOrders", readFulfillmentOrders(env -> {
                            // query: assigned_location_id:N and status:open (Shopify's search syntax); closed ones only
                            // with includeClosed
                            QueryFilter q = QueryFilter.parse(env.getArgument("query"));
                            boolean includeClosed = Boolean.TRUE.equals(env.getArgument("includeClosed"));
                            List<Model.FulfillmentOrder> found = shop(env).fulfillmentOrders().stream()
                                    .filter(f -> includeClosed || !f.status().equals("CLOSED"))
                                    .filter(f -> q.on("assigned_location_id").stream()
                                            .allMatch(a -> a.value().equals(Gid.number(f.locationId()))))
                                    .filter(f -> q.on("status").stream()
                                            .allMatch(a -> a.value().equalsIgnoreCase(f.status())))
                                    .filter(f -> q.on("updated_at").stream().allMatch(a -> a.matches(f.updatedAt())))
                                    .toList(); // immutable records: this answer is what was read
                            long ship = includeClosed ? -1 : shop(env).faults.fulfilAfterOpenOrdersRead();
                            if (ship >= 0) {
                                shop(env).fulfill(ship);
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
                                env -> shop(env).bulk.get(env.getArgument("id")).orElse(null))
                        .dataFetcher(
                                "currentBulkOperation",
                                env -> shop(env).bulk.current().orElse(null)));
        b.type(
                "Location",
                t -> t.dataFetcher(
                                "inventoryLevel",
                                env -> shop(env)
                                        .level(env.getArgument("inventoryItemId"), ((Location) env.getSource()).id())
                                        .orElse(null))
                        .dataFetcher(
                                "inventoryLevels",
                                env -> levels(env, l -> l.locationId().equals(((Location) env.getSource()).id()))));
        b.type(
                "InventoryItem",
                t -> t.dataFetcher(
                                "inventoryLevel",
                                env -> shop(env)
                                        .level(((Item) env.getSource()).id(), env.getArgument("locationId"))
                                        .orElse(null))
                        .dataFetcher(
                                "inventoryLevels",
                                env -> levels(env, l -> l.itemId().equals(((Item) env.getSource()).id())))
                        .dataFetcher("updatedAt", env -> ((Item) env.getSource()).createdAt())
                        .dataFetcher(
                                "variant",
                                env -> shop(env)
                                        .variant(((Item) env.getSource()).variantId())
                                        .orElse(null))
                        .dataFetcher(
                                "variants",
                                env -> Connections.of(
                                        shop(env).variant(((Item) env.getSource()).variantId()).stream()
                                                .toList(),
                                        env))
                        .dataFetcher("duplicateSkuCount", env -> {
                            Item i = env.getSource();
                            return shop(env)
                                            .itemsWhere(o -> o.sku().equals(i.sku()))
                                            .size()
                                    - 1;
                        }));
        b.type(
                "ProductVariant",
                t -> t.dataFetcher(
                                "inventoryItem",
                                env -> shop(env)
                                        .item(((Variant) env.getSource()).inventoryItemId())
                                        .orElse(null))
                        .dataFetcher("inventoryQuantity", env -> (int) shop(env).levels().stream()
                                .filter(l -> l.itemId().equals(((Variant) env.getSource()).inventoryItemId()))
                                .mapToLong(Level::available)
                                .sum()));
        b.type(
                "InventoryLevel",
                t -> t.dataFetcher("id", env -> {
                            Level l = env.getSource();
                            return Gid.level(
                                    Long.parseLong(Gid.number(l.locationId())),
                                    Long.parseUnsignedLong(Gid.number(l.itemId())));
                        })
                        .dataFetcher(
                                "item",
                                env -> shop(env)
                                        .item(((Level) env.getSource()).itemId())
                                        .orElse(null))
                        .dataFetcher(
                                "location",
                                env -> shop(env)
                                        .location(((Level) env.getSource()).locationId())
                                        .orElse(null))
                        .dataFetcher("canDeactivate", env -> true)
                        .dataFetcher("quantities", env -> {
                            Level l = env.getSource();
                            List<String> names = env.getArgument("names");
                            List<Map<String, Object>> out = new ArrayList<>();
                            for (String name : names) {
                                Map<String, Object> q = new LinkedHashMap<>();
                                q.put(
                                        "id",
                                        Gid.level(
                                                        Long.parseLong(Gid.number(l.locationId())),
                                                        Long.parseUnsignedLong(Gid.number(l.itemId())))
                                                + "&name=" + name);
                                q.put("name", name);
                                q.put("quantity", (int) l.quantity(name));
                                q.put("updatedAt", l.updatedAt().toString());
                                out.add(q);
                            }
                            return out;
                        }));
        b.type(
                "Order",
                t -> t.dataFetcher("id", env -> ((Model.Order) env.getSource()).gid())
                        .dataFetcher("legacyResourceId", env -> Long.toString(((Model.Order) env.getSource()).id()))
                        .dataFetcher(
                                "physicalLocation", env -> location(env, ((Model.Order) env.getSource()).locationId()))
                        .dataFetcher(
                                "retailLocation", env -> location(env, ((Model.Order) env.getSource()).locationId()))
                        .dataFetcher("lineItems", env -> Connections.of(((Model.Order) env.getSource()).lines(), env))
                        .dataFetcher("cancelledAt", env -> {
                            Model.Order o = env.getSource();
                            return o.cancelledAt() == null
                                    ? null
                                    : o.cancelledAt().toString();
                        })
                        .dataFetcher("refunds", env -> {
                            // a cancel's refund: one line per order line, restocked (CANCEL) or not (NO_RESTOCK)
                            Model.Order o = env.getSource();
                            if (o.cancelledAt() == null) {
                                return List.of();
                            }
                            List<Object> lines = new ArrayList<>();
                            for (Model.LineItem l : o.lines()) {
                                lines.add(Map.of(
                                        "id",
                                        Gid.of("RefundLineItem", l.id()),
                                        "quantity",
                                        (int) l.quantity(),
                                        "restockType",
                                        Boolean.TRUE.equals(o.restocked()) ? "CANCEL" : "NO_RESTOCK",
                                        "restocked",
                                        Boolean.TRUE.equals(o.restocked())));
                            }
                            return List.of(Map.of(
                                    "id",
                                    Gid.of("Refund", o.id() + 7),
                                    "createdAt",
                                    o.cancelledAt().toString(),
                                    "refundLineItems",
                                    Connections.of(lines, env)));
                        })
                        .dataFetcher(
                                "fulfillmentOrders",
                                readFulfillmentOrders(env -> Connections.of(
                                        shop(env).fulfillmentOrders(((Model.Order) env.getSource()).id()), env))));
        b.type(
                "LineItem",
                t -> t.dataFetcher("id", env -> Gid.of("LineItem", ((Model.LineItem) env.getSource()).id()))
                        .dataFetcher("currentQuantity", env -> (int) ((Model.LineItem) env.getSource()).quantity())
                        .dataFetcher("quantity", env -> (int) ((Model.LineItem) env.getSource()).quantity())
                        .dataFetcher(
                                "variant",
                                env -> shop(env)
                                        .variant(((Model.LineItem) env.getSource()).variantId())
                                        .orElse(null)));
        b.type(
                "FulfillmentOrder",
                t -> t.dataFetcher(
                                "orderId", env -> Gid.of("Order", ((Model.FulfillmentOrder) env.getSource()).orderId()))
                        .dataFetcher("orderName", env -> "#" + ((Model.FulfillmentOrder) env.getSource()).orderId())
                        .dataFetcher(
                                "order",
                                env -> shop(env)
                                        .findOrder(((Model.FulfillmentOrder) env.getSource()).orderId())
                                        .orElse(null))
                        .dataFetcher("assignedLocation", env -> {
                            Model.FulfillmentOrder f = env.getSource();
                            return shop(env)
                                    .location(f.locationId())
                                    .map(l -> Map.<String, Object>of("location", l, "name", l.name()))
                                    .orElse(null);
                        })
                        .dataFetcher(
                                "lineItems",
                                env -> Connections.of(((Model.FulfillmentOrder) env.getSource()).lines(), env))
                        .dataFetcher("fulfillments", env -> {
                            // a fulfillment order closed by shipping has its fulfillment; moved or cancelled ones have
                            // none
                            Model.FulfillmentOrder f = env.getSource();
                            List<Object> done = Model.FulfillmentOrder.FULFILLED.equals(f.closedBy())
                                    ? List.of(Map.of(
                                            "id",
                                            Gid.of("Fulfillment", Math.abs(f.id().hashCode())),
                                            "status",
                                            "SUCCESS",
                                            "createdAt",
                                            f.updatedAt().toString(),
                                            "totalQuantity",
                                            (int) f.lines().stream()
                                                    .mapToLong(Model.FulfillmentOrderLine::totalQuantity)
                                                    .sum()))
                                    : List.of();
                            return Connections.of(done, env);
                        }));
        b.type(
                "FulfillmentOrderAssignedLocation",
                t -> t.dataFetcher("location", env -> ((Map<?, ?>) env.getSource()).get("location"))
                        .dataFetcher("name", env -> ((Map<?, ?>) env.getSource()).get("name")));
        b.type(
                "FulfillmentOrderLineItem",
                t -> t.dataFetcher("inventoryItemId", env -> ((Model.FulfillmentOrderLine) env.getSource()).itemId())
                        .dataFetcher("remainingQuantity", env ->
                                (int) ((Model.FulfillmentOrderLine) env.getSource()).remainingQuantity())
                        .dataFetcher("totalQuantity", env ->
                                (int) ((Model.FulfillmentOrderLine) env.getSource()).totalQuantity()));
        b.type(
                "InventoryAdjustmentGroup",
                t -> t.dataFetcher("changes", env -> {
                    AdjustmentGroup g = env.getSource();
                    List<String> names = env.getArgument("quantityNames");
                    return g.changes().stream()
                            .filter(c -> names == null || names.contains(c.name()))
                            .toList();
                }));
        b.type(
                "InventoryChange",
                t -> t.dataFetcher(
                                "item",
                                env -> shop(env)
                                        .item(((Change) env.getSource()).itemId())
                                        .orElse(null))
                        .dataFetcher(
                                "location",
                                env -> shop(env)
                                        .location(((Change) env.getSource()).locationId())
                                        .orElse(null))
                        .dataFetcher("quantityAfterChange", env -> {
                            Long after = ((Change) env.getSource()).quantityAfterChange();
                            return after == null ? null : after.intValue();
                        })
                        .dataFetcher("delta", env -> (int) ((Change) env.getSource()).delta()));
        b.type(
                "Mutation",
                t -> t.dataFetcher("inventoryAdjustQuantities", InventoryMutations::adjust)
                        .dataFetcher("inventorySetQuantities", InventoryMutations::set)
                        .dataFetcher(
                                "bulkOperationRunQuery",
                                env -> shop(env)
                                        .bulk
                                        .start(
                                                env.getArgument("query"),
                                                env.getGraphQLSchema(),
                                                contextOf(env),
                                                env.getGraphQlContext().get(BASE_URL),
                                                shop(env).domain)));
        return b.build();
    }

    static Shop shop(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(SHOP);
    }

    static boolean allowed(DataFetchingEnvironment env, String scope) {
        List<String> scopes = env.getGraphQlContext().get(SCOPES);
        String write = scope.replace("read_", "write_");
        return scopes.contains(scope) || scopes.contains(write);
    }

    static GraphQLError accessDenied(DataFetchingEnvironment env, String scope) {
        String field = env.getField().getName();
        return GraphqlErrorBuilder.newError(env)
                .message("Access denied for " + field + " field. Required access: `" + scope + "` access scope.")
                .extensions(Map.of(
                        "code",
                        "ACCESS_DENIED",
                        "documentation",
                        "https://shopify.dev/api/usage/access-scopes",
                        "requiredAccess",
                        "`" + scope + "` access scope."))
                .build();
    }

    private static DataFetcher<Object> read(String scope, DataFetcher<Object> fetcher) {
        return env -> allowed(env, scope)
                ? fetcher.get(env)
                : DataFetcherResult.newResult().error(accessDenied(env, scope)).build();
    }

    private static Object location(DataFetchingEnvironment env, String id) {
        return id == null ? null : shop(env).location(id).orElse(null);
    }

    /** Fulfillment orders of merchant-managed locations need one of Shopify's fulfillment-order read scopes. */
    static final List<String> FULFILLMENT_ORDER_SCOPES = List.of(
            "read_merchant_managed_fulfillment_orders",
            "read_assigned_fulfillment_orders",
            "read_third_party_fulfillment_orders");

    private static DataFetcher<Object> readFulfillmentOrders(DataFetcher<Object> fetcher) {
        return env -> FULFILLMENT_ORDER_SCOPES.stream().anyMatch(s -> allowed(env, s))
                ? fetcher.get(env)
                : DataFetcherResult.newResult()
                        .error(accessDenied(env, FULFILLMENT_ORDER_SCOPES.get(0)))
                        .build();
    }

    private static Object levels(DataFetchingEnvironment env, java.util.function.Predicate<Level> of) {
        QueryFilter q = QueryFilter.parse(env.getArgument("query"));
        return Connections.of(
                shop(env).levels().stream()
                        .filter(of)
                        .filter(l -> q.on("updated_at").stream().allMatch(t -> t.matches(l.updatedAt())))
                        .toList(),
                env);
    }

    /** A custom scalar (DateTime, URL, Money, ...) passed through as its string form. */
    private static GraphQLScalarType passThrough(String name) {
        return GraphQLScalarType.newScalar()
                .name(name)
                .coercing(new Coercing<Object, Object>() {
                    @Override
                    public Object serialize(Object value) {
                        return value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
                    }

                    @Override
                    public Object parseValue(Object input) {
                        return input;
                    }

                    @Override
                    public Object parseLiteral(Object input) {
                        return input instanceof StringValue s ? s.getValue() : input;
                    }
                })
                .build();
    }

    /** Type resolution by the emulator's record classes; unknown fields read as null. */
    private static final class Defaults implements WiringFactory {
        private static final TypeResolver BY_CLASS = env -> {
            Object o = env.getObject();
            String name = o instanceof Location
                    ? "Location"
                    : o instanceof Item
                            ? "InventoryItem"
                            : o instanceof Variant
                                    ? "ProductVariant"
                                    : o instanceof Level
                                            ? "InventoryLevel"
                                            : o instanceof AdjustmentGroup
                                                    ? "InventoryAdjustmentGroup"
                                                    : o instanceof BulkOperations.Op
                                                            ? "BulkOperation"
                                                            : o instanceof Model.Order
                                                                    ? "Order"
                                                                    : o instanceof Model.FulfillmentOrder
                                                                            ? "FulfillmentOrder"
                                                                            : null;
            return name == null ? null : env.getSchema().getObjectType(name);
        };

        @Override
        public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
            return true;
        }

        @Override
        public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
            return BY_CLASS;
        }

        @Override
        public boolean providesTypeResolver(UnionWiringEnvironment environment) {
            return true;
        }

        @Override
        public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
            return BY_CLASS;
        }

        @Override
        public boolean providesScalar(ScalarWiringEnvironment environment) {
            return !ScalarInfo.isGraphqlSpecifiedScalar(
                    environment.getScalarTypeDefinition().getName());
        }

        @Override
        public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
            return passThrough(environment.getScalarTypeDefinition().getName());
        }

        @Override
        public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
            PropertyDataFetcher<Object> property = PropertyDataFetcher.fetching(
                    environment.getFieldDefinition().getName());
            return env -> env.getSource() == null ? null : property.get(env);
        }
    }

    static Optional<String> idempotencyKey(DataFetchingEnvironment env) {
        return env.getQueryDirectives().getImmediateAppliedDirective("idempotent").stream()
                .findFirst()
                .map(d -> d.getArgument("key"))
                .map(a -> a.getValue() == null ? null : a.getValue().toString());
    }

    static final String BASE_URL = "baseUrl";

    static Map<String, Object> context(Shop shop, List<String> scopes, String version, String baseUrl) {
        return Map.of(SHOP, shop, SCOPES, scopes, "version", version, BASE_URL, baseUrl);
    }

    /** The request's context, for a bulk operation to run the same shop, scopes and version later. */
    private static Map<String, Object> contextOf(DataFetchingEnvironment env) {
        return Map.of(
                SHOP,
                shop(env),
                SCOPES,
                env.getGraphQlContext().get(SCOPES),
                "version",
                env.getGraphQlContext().get("version"),
                BASE_URL,
                env.getGraphQlContext().get(BASE_URL));
    }
}
