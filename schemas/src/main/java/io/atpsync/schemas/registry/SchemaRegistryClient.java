package io.atpsync.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API the serde needs. Implementations cache: a schema id never changes
 * meaning, so each id and each (subject, schema) is fetched once.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id {@code schema} already has under {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** The schema with this global id. */
    Schema schemaById(int id);

    /** Where the registry is, for error messages (never with credentials). */
    String url();
}
