package io.atpsync.emulator;

import graphql.execution.RawVariables;
import graphql.language.Document;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deprecated fields a request selects, for Shopify's {@code X-Shopify-API-Deprecated-Reason} header: since 2025-04
 * it lists them, e.g. {@code Shop.products, Shop.productVariants} (shopify.dev changelog, "The
 * X-Shopify-API-Deprecated-Reason HTTP header will return actual GraphQL deprecations if any"). Deprecated arguments
 * and enum values are left out here.
 */
final class Deprecations {

    private Deprecations() {}

    /** {@code Type.field} of every deprecated field the operation selects, sorted; empty when none. */
    static Set<String> used(GraphQLSchema schema, Document document, String operationName, Map<String, Object> vars) {
        Set<String> out = new TreeSet<>();
        try {
            for (ExecutableNormalizedField f :
                    ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                                    schema, document, operationName, RawVariables.of(vars == null ? Map.of() : vars))
                            .getTopLevelFields()) {
                collect(schema, f, out);
            }
        } catch (RuntimeException e) {
            // variables that do not coerce: the execution reports them
        }
        return out;
    }

    private static void collect(GraphQLSchema schema, ExecutableNormalizedField f, Set<String> out) {
        if (!f.getFieldName().startsWith("__")) {
            for (GraphQLFieldDefinition d : f.getFieldDefinitions(schema)) {
                if (d.isDeprecated()) {
                    f.getObjectTypeNames().forEach(type -> out.add(type + "." + f.getFieldName()));
                }
            }
        }
        f.getChildren().forEach(c -> collect(schema, c, out));
    }
}
