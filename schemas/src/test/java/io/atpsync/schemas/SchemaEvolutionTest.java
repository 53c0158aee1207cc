package io.atpsync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract may only evolve BACKWARD-compatibly: a consumer on the current schema reads every record written with
 * the last released one. Released versions live in src/test/resources/released/.
 */
class SchemaEvolutionTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released");

    static Stream<String> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(CURRENT)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void shouldReadRecordsWrittenWithTheReleasedSchema(String file) throws IOException {
        assertThat(RELEASED.resolve(file))
                .as("a released copy of %s exists (copy it when first releasing)", file)
                .exists();
        Schema current = parse(CURRENT.resolve(file));
        Schema released = parse(RELEASED.resolve(file));

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as("%s: %s", file, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void shouldDocumentEveryFieldAndDefaultEveryNullableOneToNull(String file) throws IOException {
        for (Schema record : records(parse(CURRENT.resolve(file)))) {
            assertThat(record.getDoc()).as("%s doc", record.getFullName()).isNotBlank();
            for (Schema.Field field : record.getFields()) {
                assertThat(field.doc())
                        .as("%s.%s doc", record.getName(), field.name())
                        .isNotBlank();
                if (field.schema().isNullable()) {
                    assertThat(field.schema().getTypes().get(0).getType())
                            .as("%s.%s: null first", record.getName(), field.name())
                            .isEqualTo(Schema.Type.NULL);
                    assertThat(field.hasDefaultValue()
                                    && field.defaultVal() == org.apache.avro.JsonProperties.NULL_VALUE)
                            .as("%s.%s defaults to null", record.getName(), field.name())
                            .isTrue();
                }
                if (field.name().endsWith("At") || field.name().startsWith("window")) {
                    Schema type = field.schema().isNullable()
                            ? field.schema().getTypes().get(1)
                            : field.schema();
                    assertThat(type.getLogicalType())
                            .as("%s.%s is timestamp-millis", record.getName(), field.name())
                            .isNotNull();
                    assertThat(type.getLogicalType().getName()).isEqualTo("timestamp-millis");
                }
            }
        }
    }

    @Test
    void shouldRefuseARequiredFieldWithoutDefaultAsIncompatible() {
        Schema released = InventoryEvent.getClassSchema();
        String withNewRequiredField = released.toString()
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"mandatoryNewField\",\"type\":\"string\"},");
        Schema changed = new Schema.Parser().parse(withNewRequiredField);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(changed, released)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file));
    }

    private static List<Schema> records(Schema schema) {
        java.util.Map<String, Schema> found = new java.util.LinkedHashMap<>();
        collect(schema, found);
        return List.copyOf(found.values());
    }

    private static void collect(Schema schema, java.util.Map<String, Schema> found) {
        switch (schema.getType()) {
            case RECORD -> {
                if (found.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(f -> collect(f.schema(), found));
                }
            }
            case ARRAY -> collect(schema.getElementType(), found);
            case UNION -> schema.getTypes().forEach(t -> collect(t, found));
            default -> {}
        }
    }
}
