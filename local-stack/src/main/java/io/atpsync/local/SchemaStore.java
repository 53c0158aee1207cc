package io.atpsync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The in-memory state of the development registry: global schema ids (one id per distinct schema, as Confluent assigns
 * them), versions per subject, and compatibility levels. Thread-safe. With a journal file, every change is appended to
 * it and replayed at start, so schema ids stay valid for the records a restarted local broker still holds.
 */
final class SchemaStore {

    /** One registered version of a subject. */
    record Version(String subject, int version, int id, Schema schema) {}

    /** A schema the subject's compatibility level refuses, with Avro's explanation. */
    static final class IncompatibleSchemaException extends Exception {
        private static final long serialVersionUID = 1L;

        IncompatibleSchemaException(String message) {
            super(message);
        }
    }

    static final List<String> LEVELS = List.of(
            "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
    private final Map<Integer, Schema> schemasById = new LinkedHashMap<>();
    private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
    private final Map<String, String> levels = new LinkedHashMap<>();
    private String globalLevel = "BACKWARD";
    private Path journalFile;

    /** A store kept only in memory. */
    SchemaStore() {}

    /** A store that replays {@code journal} (if it exists) and appends every change to it. */
    SchemaStore(Path journal) throws IOException {
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t", 3);
                if (parts[0].equals("register")) {
                    try {
                        register(parts[1], new Schema.Parser().parse(parts[2]));
                    } catch (IncompatibleSchemaException e) {
                        throw new IOException(
                                "journal " + journal + " replays an incompatible schema: " + e.getMessage(), e);
                    }
                } else if (parts[0].equals("level")) {
                    setLevel(parts[1].isEmpty() ? null : parts[1], parts[2]);
                } else if (parts[0].equals("delete")) {
                    delete(parts[1]);
                }
            }
        }
        this.journalFile = journal;
    }

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
        Version v = new Version(
                subject,
                versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1,
                id,
                schema);
        versions.add(v);
        append("register", subject, schema.toString());
        return v;
    }

    synchronized Optional<Version> lookup(String subject, Schema schema) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().equals(schema))
                .findFirst();
    }

    synchronized boolean compatible(String subject, Schema schema, Version against) {
        try {
            check(
                    subject,
                    level(subject),
                    schema,
                    level(subject).endsWith("_TRANSITIVE")
                            ? subjects.get(subject).stream()
                                    .map(Version::schema)
                                    .toList()
                            : List.of(against.schema()));
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
        if (removed != null) {
            append("delete", subject, "");
        }
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
        append("level", subject == null ? "" : subject, level);
    }

    private void append(String op, String subject, String value) {
        if (journalFile == null) {
            return;
        }
        try {
            Files.writeString(
                    journalFile,
                    op + "\t" + subject + "\t" + value.replace("\n", " ") + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the registry journal " + journalFile, e);
        }
    }

    private static void check(String subject, String level, Schema schema, List<Schema> previous)
            throws IncompatibleSchemaException {
        if (level.equals("NONE")) {
            return;
        }
        SchemaValidatorBuilder builder = new SchemaValidatorBuilder();
        builder = level.startsWith("BACKWARD")
                ? builder.canReadStrategy()
                : level.startsWith("FORWARD") ? builder.canBeReadStrategy() : builder.mutualReadStrategy();
        SchemaValidator validator = level.endsWith("_TRANSITIVE") ? builder.validateAll() : builder.validateLatest();
        List<Schema> newestFirst = new ArrayList<>(previous);
        java.util.Collections.reverse(newestFirst);
        try {
            validator.validate(schema, newestFirst);
        } catch (SchemaValidationException e) {
            Schema latest = newestFirst.get(0);
            String details =
                    SchemaCompatibility.checkReaderWriterCompatibility(schema, latest)
                            .getResult()
                            .getIncompatibilities()
                            .stream()
                            .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                            .toList()
                            .toString();
            throw new IncompatibleSchemaException(
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" (compatibility " + level + "), details: " + details);
        }
    }
}
