package io.atpsync.emulator;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /admin/api/{version}/graphql.json} for one shop: validation against the version's real schema with
 * Shopify's error shape, cost and throttling, execution. Transport concerns (auth, faults) are the server's.
 */
final class GraphQlEndpoint {

    /** An HTTP answer: status, JSON body, extra headers. */
    record Answer(int status, Object body, Map<String, String> headers) {
        static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }
    }

    private final Map<String, GraphQL> engines = new ConcurrentHashMap<>();
    private final Map<String, GraphQLSchema> schemas = new ConcurrentHashMap<>();

    GraphQLSchema schema(String version) {
        return schemas.computeIfAbsent(version, v -> ShopifySchema.load(v, InventoryWiring::wiring));
    }

    @SuppressWarnings("unchecked")
    Answer execute(Shop shop, List<String> scopes, String version, Map<String, Object> request, String baseUrl) {
        String query = (String) request.get("query");
        if (query == null || query.isBlank()) {
            return new Answer(400, Map.of("errors", "Bad Request: the body has no \"query\""), Map.of());
        }
        Map<String, Object> variables =
                request.get("variables") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String operationName = (String) request.get("operationName");
        GraphQLSchema schema = schema(version);
        ExecutionInput input = ExecutionInput.newExecutionInput(query)
                .variables(variables)
                .operationName(operationName)
                .graphQLContext(InventoryWiring.context(shop, scopes, version, baseUrl))
                .build();
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(schema, input);
        if (parsed.isFailure()) {
            return Answer.ok(Map.of("errors", shape(parsed.getErrors())));
        }
        int cost;
        try {
            cost = QueryCost.requested(schema, parsed.getDocument(), operationName, variables);
        } catch (RuntimeException e) {
            // variables that do not coerce: graphql-java reports them at execution, with Shopify's shape below
            cost = 0;
        }
        shop.stats.costRequested.addAndGet(cost);
        if (cost > QueryCost.MAX_SINGLE_QUERY_COST) {
            return Answer.ok(Map.of(
                    "errors",
                    List.of(Map.of(
                            "message",
                            "Query cost is " + cost + ", which exceeds the single query max cost limit ("
                                    + QueryCost.MAX_SINGLE_QUERY_COST + ").",
                            "extensions",
                            Map.of(
                                    "code",
                                    "MAX_COST_EXCEEDED",
                                    "cost",
                                    cost,
                                    "maxCost",
                                    QueryCost.MAX_SINGLE_QUERY_COST)))));
        }
        if (!shop.bucket.take(cost)) {
            shop.stats.throttled.incrementAndGet();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(
                    "errors",
                    List.of(Map.of(
                            "message",
                            "Throttled",
                            "extensions",
                            Map.of(
                                    "code",
                                    "THROTTLED",
                                    "documentation",
                                    "https://shopify.dev/api/usage/rate-limits"))));
            body.put("extensions", Map.of("cost", costExtension(cost, null, shop)));
            int status = shop.faults.throttledStatus();
            return new Answer(status, body, status == 429 ? Map.of("Retry-After", "1") : Map.of());
        }
        ExecutionResult result = engines.computeIfAbsent(
                        version, v -> GraphQL.newGraphQL(schema).build())
                .execute(input);
        shop.stats.costActual.addAndGet(cost);
        shop.stats.cost(rootFields(parsed.getDocument(), operationName), cost);
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            body.put("errors", shape(result.getErrors()));
        }
        if (result.isDataPresent()) {
            body.put("data", result.getData());
        }
        body.put("extensions", Map.of("cost", costExtension(cost, cost, shop)));
        java.util.Set<String> deprecated = Deprecations.used(schema, parsed.getDocument(), operationName, variables);
        return deprecated.isEmpty()
                ? Answer.ok(body)
                : new Answer(200, body, Map.of("X-Shopify-API-Deprecated-Reason", String.join(", ", deprecated)));
    }

    /** The operation's top-level field names ({@code bulkOperation}, {@code fulfillmentOrders+locations}). */
    static String rootFields(graphql.language.Document document, String operationName) {
        for (graphql.language.OperationDefinition op :
                document.getDefinitionsOfType(graphql.language.OperationDefinition.class)) {
            if (operationName == null || operationName.equals(op.getName())) {
                return op.getSelectionSet().getSelectionsOfType(graphql.language.Field.class).stream()
                        .map(graphql.language.Field::getName)
                        .collect(java.util.stream.Collectors.joining("+"));
            }
        }
        return "?";
    }

    private static Map<String, Object> costExtension(int requested, Integer actual, Shop shop) {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", requested);
        cost.put("actualQueryCost", actual);
        cost.put("throttleStatus", shop.bucket.status());
        return cost;
    }

    /** graphql-java's errors in Shopify's shape: message, locations, path, extensions.code. */
    static List<Map<String, Object>> shape(List<GraphQLError> errors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GraphQLError e : errors) {
            Map<String, Object> spec = new LinkedHashMap<>(e.toSpecification());
            Map<String, Object> ext = new LinkedHashMap<>();
            if (spec.get("extensions") instanceof Map<?, ?> given) {
                given.forEach((k, v) -> ext.put(String.valueOf(k), v));
            }
            Object classification = ext.remove("classification");
            String kind = e instanceof graphql.validation.ValidationError v && v.getValidationErrorType() != null
                    ? v.getValidationErrorType().toString()
                    : classification == null ? "" : classification.toString();
            ext.putIfAbsent("code", code(kind));
            spec.put("extensions", ext);
            out.add(spec);
        }
        return out;
    }

    private static String code(String classification) {
        return switch (classification) {
            case "FieldUndefined" -> "undefinedField";
            case "MissingFieldArgument" -> "missingRequiredArguments";
            case "UnknownArgument" -> "argumentNotAccepted";
            case "WrongType" -> "argumentLiteralsIncompatible";
            case "VariableTypeMismatch" -> "variableMismatch";
            case "UndefinedVariable" -> "undefinedVariable";
            case "UnknownType" -> "undefinedType";
            case "SubselectionRequired" -> "selectionMismatch";
            case "SubselectionNotAllowed" -> "selectionMismatch";
            case "InvalidSyntax" -> "parseError";
            case "ValidationError" -> "variableMismatch";
            case "UnknownDirective" -> "undefinedDirective";
            case "DataFetchingException" -> "INTERNAL_SERVER_ERROR";
            case "NullValueInNonNullableField" -> "INTERNAL_SERVER_ERROR";
            default ->
                classification.isEmpty()
                        ? "INTERNAL_SERVER_ERROR"
                        : Character.toLowerCase(classification.charAt(0)) + classification.substring(1);
        };
    }
}
