package io.atpsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Shopify's real Admin GraphQL schema of one API version, from the introspection JSON the build fetched (and checked by
 * sha256) from {@code @shopify/dev-mcp}, wired to the emulator's data.
 */
final class ShopifySchema {

    static final List<String> VERSIONS = List.of("2026-07", "2026-10");
    private static final Map<String, TypeDefinitionRegistry> REGISTRIES = new ConcurrentHashMap<>();

    private ShopifySchema() {}

    static boolean supports(String version) {
        return VERSIONS.contains(version);
    }

    /** The executable schema of {@code version}, wired by {@code wiring}. */
    static GraphQLSchema load(
            String version, java.util.function.Function<TypeDefinitionRegistry, RuntimeWiring> wiring) {
        TypeDefinitionRegistry registry = REGISTRIES.computeIfAbsent(version, ShopifySchema::registry);
        return new SchemaGenerator().makeExecutableSchema(registry, wiring.apply(registry));
    }

    @SuppressWarnings("unchecked")
    private static TypeDefinitionRegistry registry(String version) {
        String resource = "schema/admin_" + version + ".json.gz";
        try (InputStream raw = ShopifySchema.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException(
                        "Shopify schema " + resource + " is not on the classpath: build shopify-emulator");
            }
            Map<String, Object> json = new ObjectMapper().readValue(new GZIPInputStream(raw), Map.class);
            Document document =
                    new IntrospectionResultToSchema().createSchemaDefinition((Map<String, Object>) json.get("data"));
            return new SchemaParser().buildRegistry(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
