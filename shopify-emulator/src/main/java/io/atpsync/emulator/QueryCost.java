package io.atpsync.emulator;

import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Map;

/**
 * The emulator's cost model, close to Shopify's published one: a scalar or enum field costs 0, an object field 1 plus
 * its selections, a connection 2 plus {@code first}/{@code last} times its selections, {@code nodes(ids:)} the number
 * of ids times its selections, and a mutation field 10 plus its selections. The actual cost is the requested cost (no
 * refund for short pages).
 */
final class QueryCost {

    static final int MUTATION_COST = 10;
    static final int MAX_SINGLE_QUERY_COST = 1_000;

    private QueryCost() {}

    static int requested(GraphQLSchema schema, Document document, String operationName, Map<String, Object> variables) {
        ExecutableNormalizedOperation op =
                ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                        schema, document, operationName, RawVariables.of(variables == null ? Map.of() : variables));
        boolean mutation = op.getOperation() == OperationDefinition.Operation.MUTATION;
        int total = 0;
        for (ExecutableNormalizedField f : op.getTopLevelFields()) {
            total += mutation ? MUTATION_COST + children(schema, f) : cost(schema, f);
        }
        return total;
    }

    private static int cost(GraphQLSchema schema, ExecutableNormalizedField f) {
        if (f.getFieldName().startsWith("__")) {
            return 0;
        }
        GraphQLOutputType type = f.getFieldDefinitions(schema).get(0).getType();
        GraphQLNamedType named = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(type);
        if (named instanceof GraphQLScalarType || named instanceof GraphQLEnumType) {
            return 0;
        }
        if (named.getName().endsWith("Connection")) {
            Object first = f.getResolvedArguments().get("first");
            Object last = f.getResolvedArguments().get("last");
            int n = first instanceof Number a ? a.intValue() : last instanceof Number b ? b.intValue() : 1;
            return 2 + n * children(schema, f);
        }
        if (f.getFieldName().equals("nodes") && f.getResolvedArguments().get("ids") instanceof List<?> ids) {
            return ids.size() * (1 + children(schema, f));
        }
        return 1 + children(schema, f);
    }

    private static int children(GraphQLSchema schema, ExecutableNormalizedField f) {
        int sum = 0;
        for (ExecutableNormalizedField child : f.getChildren()) {
            sum += cost(schema, child);
        }
        return sum;
    }
}
