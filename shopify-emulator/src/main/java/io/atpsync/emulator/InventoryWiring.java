package io.atpsync.emulator;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeDefinitionRegistry;
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
        RuntimeWiring.Builder b = RuntimeWiring.newRuntimeWiring().wiringFactory(new DefaultWiring());
        QueryRootWiring.wire(b);
        b.type(
                "Location",
                t -> t.dataFetcher(
                                "inventoryLevel",
                                env -> shop(env)
                                        .level(env.getArgument("inventoryItemId"), ((Location) env.getSource()).id())
                                        .orElse(null))
                        .dataFetcher(
                                "inventoryLevels",
                                env -> levels(env, shop(env).levelsAt(((Location) env.getSource()).id()))));
        b.type(
                "InventoryItem",
                t -> t.dataFetcher(
                                "inventoryLevel",
                                env -> shop(env)
                                        .level(((Item) env.getSource()).id(), env.getArgument("locationId"))
                                        .orElse(null))
                        .dataFetcher(
                                "inventoryLevels",
                                env -> levels(env, shop(env).levelsOf(((Item) env.getSource()).id())))
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
        OrderWiring.wire(b);
        WebhookSubscriptionWiring.wire(b);
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
                                                shop(env).domain))
                        .dataFetcher(
                                "stagedUploadsCreate",
                                env -> shop(env)
                                        .uploads
                                        .create(
                                                env.getArgument("input"),
                                                env.getGraphQlContext().get(BASE_URL),
                                                shop(env).domain))
                        .dataFetcher(
                                "bulkOperationRunMutation",
                                env -> shop(env)
                                        .bulkMutations
                                        .start(
                                                env.getArgument("mutation"),
                                                env.getArgument("stagedUploadPath"),
                                                env.getGraphQLSchema(),
                                                contextOf(env),
                                                env.getGraphQlContext().get(BASE_URL) + "/bulk-results/"
                                                        + shop(env).domain + "/"))
                        .dataFetcher(
                                "bulkOperationCancel",
                                env -> shop(env).bulkMutations.cancel(env.getArgument("id"))));
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

    static DataFetcher<Object> read(String scope, DataFetcher<Object> fetcher) {
        return env -> allowed(env, scope)
                ? fetcher.get(env)
                : DataFetcherResult.newResult().error(accessDenied(env, scope)).build();
    }

    static Object location(DataFetchingEnvironment env, String id) {
        return id == null ? null : shop(env).location(id).orElse(null);
    }

    /** Fulfillment orders of merchant-managed locations need one of Shopify's fulfillment-order read scopes. */
    static final List<String> FULFILLMENT_ORDER_SCOPES = List.of(
            "read_merchant_managed_fulfillment_orders",
            "read_assigned_fulfillment_orders",
            "read_third_party_fulfillment_orders");

    static DataFetcher<Object> readFulfillmentOrders(DataFetcher<Object> fetcher) {
        return env -> FULFILLMENT_ORDER_SCOPES.stream().anyMatch(s -> allowed(env, s))
                ? fetcher.get(env)
                : DataFetcherResult.newResult()
                        .error(accessDenied(env, FULFILLMENT_ORDER_SCOPES.get(0)))
                        .build();
    }

    static Object levels(DataFetchingEnvironment env, List<Level> of) {
        QueryFilter q = QueryFilter.parse(env.getArgument("query"));
        return Connections.of(
                of.stream()
                        .filter(l -> q.on("updated_at").stream().allMatch(t -> t.matches(l.updatedAt())))
                        .toList(),
                env);
    }

    /** A custom scalar (DateTime, URL, Money, ...) passed through as its string form. */
    static GraphQLScalarType passThrough(String name) {
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
