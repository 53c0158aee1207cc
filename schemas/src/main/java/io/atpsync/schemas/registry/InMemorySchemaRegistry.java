package io.atpsync.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry in this JVM for {@code schema.registry.url=mock://SCOPE} (as Confluent's serdes offer): for tests with
 * {@code TopologyTestDriver}, where no server runs. Same scope, same registry. No compatibility checks.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();

    private InMemorySchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry of {@code scope}, created on first use. */
    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        return ids.computeIfAbsent(schema.toString(), s -> {
            int id = schemas.size() + 1;
            schemas.put(id, schema);
            return id;
        });
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        Integer id = ids.get(schema.toString());
        if (id == null) {
            throw new SchemaRegistryException(
                    "schema not registered in " + url() + " under " + subject, 404, 40403, null);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema s = schemas.get(id);
        if (s == null) {
            throw new SchemaRegistryException(
                    "schema registry " + url() + ": schema " + id + " not found", 404, 40403, null);
        }
        return s;
    }

    @Override
    public String url() {
        return "mock://" + scope;
    }
}
