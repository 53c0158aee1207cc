package io.atpsync.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;

/**
 * The in-memory state of the development registry: global schema ids (one id per distinct schema,
 * as Confluent assigns them), versions per subject, and compatibility levels. Thread-safe.
 */
final class SchemaStore {

    /** One registered version of a subject. */
    record Version(String subject, int version, int id, Schema schema) {
    }

    /** A schema the subject's compatibility level refuses, with Avro's explanation. */
    static final class IncompatibleSchemaException extends Exception {
        private static final long serialVersionUID = 1L;

        IncompatibleSchemaException(String message) {
            super(message);
        }
    }

    static final List<String> LEVELS = List.of("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
    private final Map<Integer, Schema> schemasById = new LinkedHashMap<>();
    private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
    private final Map<String, String> levels = new LinkedHashMap<>();
    private String globalLevel = "BACKWARD";

    synchronized Version register(String subject, Schema schema) throws IncompatibleSchemaException {
        Optional<Version> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        String level = level(subject);
        List<Schema> previous = versions.stream().map(Version::schema).toList();
        if (!previous.isEmpty()) {
            check(subject, level, schema, previous);
        }
        int id = idsBySchema.computeIfAbsent(schema.toString(), s -> idsBySchema.size() + 1);
        schemasById.putIfAbsent(id, schema);
        Version v = new Version(subject, versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1, id, schema);
        versions.add(v);
        return v;
    }

    synchronized Optional<Version> lookup(String subject, Schema schema) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().equals(schema)).findFirst();
    }

    synchronized boolean compatible(String subject, Schema schema, Version against) {
        try {
            check(subject, level(subject), schema, level(subject).endsWith("_TRANSITIVE")
                    ? subjects.get(subject).stream().map(Version::schema).toList() : List.of(against.schema()));
            return true;
        } catch (IncompatibleSchemaException e) {
            return false;
        }
    }

    synchronized Optional<Schema> byId(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    synchronized List<String> subjects() {
        return List.copyOf(new TreeSet<>(subjects.keySet()));
    }

    synchronized List<Version> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    synchronized List<Version> delete(String subject) {
        List<Version> removed = subjects.remove(subject);
        return removed == null ? List.of() : removed;
    }

    synchronized String level(String subject) {
        return subject == null ? globalLevel : levels.getOrDefault(subject, globalLevel);
    }

    synchronized void setLevel(String subject, String level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            levels.put(subject, level);
        }
    }

    private static void check(String subject, String level, Schema schema, List<Schema> previous) throws IncompatibleSchemaException {
        if (level.equals("NONE")) {
            return;
        }
        SchemaValidatorBuilder builder = new SchemaValidatorBuilder();
        builder = level.startsWith("BACKWARD") ? builder.canReadStrategy()
                : level.startsWith("FORWARD") ? builder.canBeReadStrategy() : builder.mutualReadStrategy();
        SchemaValidator validator = level.endsWith("_TRANSITIVE") ? builder.validateAll() : builder.validateLatest();
        List<Schema> newestFirst = new ArrayList<>(previous);
        java.util.Collections.reverse(newestFirst);
        try {
            validator.validate(schema, newestFirst);
        } catch (SchemaValidationException e) {
            Schema latest = newestFirst.get(0);
            String details = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getResult().getIncompatibilities()
                    .stream().map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage()).toList().toString();
            throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (compatibility " + level + "), details: " + details);
        }
    }
}
