package io.atpsync.schemas.registry;

import java.util.Map;

/** Creates the registry client a configuration asks for: REST for http(s) URLs, in memory for {@code mock://}. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {}

    public static SchemaRegistryClient create(Map<String, ?> configs) {
        RegistryClientConfig config = RegistryClientConfig.from(configs);
        if (config.url().startsWith("mock://")) {
            return InMemorySchemaRegistry.scope(config.url().substring("mock://".length()));
        }
        return new RestSchemaRegistryClient(config);
    }
}
