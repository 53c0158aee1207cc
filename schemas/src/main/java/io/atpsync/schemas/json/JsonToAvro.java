package io.atpsync.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON to a generated Avro record, the way people write JSON by hand: unions as bare values, nullable fields may
 * be omitted, enums as strings, timestamps as epoch millis or ISO-8601. Every problem is collected as {@code field:
 * reason}, so one pass reports them all.
 */
public final class JsonToAvro {

    private JsonToAvro() {}

    /** The record, or the list of problems (never both). */
    public record Result<T>(T record, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Converts {@code json} to an instance of {@code type}. */
    public static <T extends SpecificRecord> Result<T> convert(JsonNode json, Class<T> type) {
        List<String> problems = new ArrayList<>();
        Object value = convert(json, SpecificData.get().getSchema(type), "", problems);
        return problems.isEmpty()
                ? new Result<>(type.cast(value), List.of())
                : new Result<>(null, List.copyOf(problems));
    }

    private static Object convert(JsonNode json, Schema schema, String path, List<String> problems) {
        switch (schema.getType()) {
            case RECORD:
                return record(json, schema, path, problems);
            case UNION:
                if (json == null || json.isNull()) {
                    if (schema.isNullable()) {
                        return null;
                    }
                    problems.add(name(path) + ": must not be null");
                    return null;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return convert(json, branch, path, problems);
                    }
                }
                return null;
            case STRING:
                if (json == null || !json.isTextual()) {
                    problems.add(name(path) + ": expected a string, got " + describe(json));
                    return null;
                }
                return json.asText();
            case LONG:
            case INT:
                return integral(json, schema, path, problems);
            case BOOLEAN:
                if (json == null || !json.isBoolean()) {
                    problems.add(name(path) + ": expected true or false, got " + describe(json));
                    return null;
                }
                return json.asBoolean();
            case DOUBLE:
            case FLOAT:
                if (json == null || !json.isNumber()) {
                    problems.add(name(path) + ": expected a number, got " + describe(json));
                    return null;
                }
                return schema.getType() == Schema.Type.DOUBLE ? json.asDouble() : (float) json.asDouble();
            case ENUM:
                if (json == null
                        || !json.isTextual()
                        || !schema.getEnumSymbols().contains(json.asText())) {
                    problems.add(
                            name(path) + ": expected one of " + schema.getEnumSymbols() + ", got " + describe(json));
                    return null;
                }
                return SpecificData.get().createEnum(json.asText(), schema);
            case ARRAY:
                if (json == null || !json.isArray()) {
                    problems.add(name(path) + ": expected an array, got " + describe(json));
                    return null;
                }
                List<Object> items = new ArrayList<>(json.size());
                for (int i = 0; i < json.size(); i++) {
                    items.add(convert(json.get(i), schema.getElementType(), path + "[" + i + "]", problems));
                }
                return items;
            default:
                problems.add(name(path) + ": type " + schema.getType() + " is not supported in JSON input");
                return null;
        }
    }

    private static Object record(JsonNode json, Schema schema, String path, List<String> problems) {
        if (json == null || !json.isObject()) {
            problems.add(name(path) + ": expected an object, got " + describe(json));
            return null;
        }
        SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            JsonNode value = json.get(field.name());
            if (value == null && field.hasDefaultValue()) {
                Object def = field.defaultVal();
                record.put(
                        field.pos(),
                        def == JsonProperties.NULL_VALUE
                                ? null
                                : def instanceof List<?> list
                                        ? new ArrayList<>(list)
                                        : SpecificData.get().getDefaultValue(field));
            } else if (value == null) {
                problems.add(fieldPath + ": required");
            } else {
                Object converted = convert(value, field.schema(), fieldPath, problems);
                if (converted != null || field.schema().isNullable()) {
                    record.put(field.pos(), converted);
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (schema.getField(key) == null) {
                problems.add((path.isEmpty() ? key : path + "." + key) + ": unknown field (" + schema.getName()
                        + " has "
                        + schema.getFields().stream().map(Schema.Field::name).toList() + ")");
            }
        }
        return record;
    }

    private static Object integral(JsonNode json, Schema schema, String path, List<String> problems) {
        boolean timestamp = schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
        if (timestamp && json != null && json.isTextual()) {
            try {
                return Instant.parse(json.asText());
            } catch (DateTimeParseException e) {
                problems.add(
                        name(path) + ": expected epoch millis or an ISO-8601 instant like 2026-11-22T12:59:59Z, got "
                                + describe(json));
                return null;
            }
        }
        if (json == null
                || !json.isIntegralNumber()
                || (schema.getType() == Schema.Type.INT && !json.canConvertToInt())
                || !json.canConvertToLong()) {
            problems.add(name(path) + ": expected " + (timestamp ? "epoch millis or an ISO-8601 instant" : "an integer")
                    + ", got " + describe(json));
            return null;
        }
        if (timestamp) {
            return Instant.ofEpochMilli(json.asLong());
        }
        return schema.getType() == Schema.Type.INT ? (Object) json.asInt() : (Object) json.asLong();
    }

    private static String name(String path) {
        return path.isEmpty() ? "(record)" : path;
    }

    private static String describe(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            return "nothing";
        }
        String text = json.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
