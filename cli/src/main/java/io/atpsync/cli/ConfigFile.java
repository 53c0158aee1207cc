package io.atpsync.cli;

import io.atpsync.schemas.Facility;
import io.atpsync.schemas.FacilityShare;
import io.atpsync.schemas.InboundShipmentLine;
import io.atpsync.schemas.LocationMapping;
import io.atpsync.schemas.ProductFacility;
import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topic;
import io.atpsync.schemas.Topics;
import io.atpsync.streams.atp.EventRules;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Configuration CSVs (facilities, product-facility settings, location mappings, thresholds): the same rules as
 * inventory files — every row checked, named problems, a whole file or nothing.
 */
final class ConfigFile<V extends SpecificRecord> {

    /** One row to a record, or an IllegalArgumentException saying why not. */
    interface RowMapper<V> {
        V map(CSVRecord row);
    }

    final String kind;
    final List<String> columns;
    final Topic<V> topic;
    private final RowMapper<V> mapper;

    private ConfigFile(String kind, List<String> columns, Topic<V> topic, RowMapper<V> mapper) {
        this.kind = kind;
        this.columns = columns;
        this.topic = topic;
        this.mapper = mapper;
    }

    static ConfigFile<?> of(String kind, Topics topics) {
        return switch (kind) {
            case "facilities" ->
                new ConfigFile<>(
                        kind,
                        List.of("facilityId", "name", "type", "sellsOnline"),
                        topics.facilities(),
                        r -> new Facility(
                                id(r, "facilityId"), text(r, "name"), text(r, "type"), bool(r, "sellsOnline")));
            case "product-facility" ->
                new ConfigFile<>(
                        kind,
                        List.of("sku", "facilityId", "safetyStock", "allowOnline"),
                        topics.productFacility(),
                        r -> new ProductFacility(
                                id(r, "sku"),
                                id(r, "facilityId"),
                                nonNegative(r, "safetyStock"),
                                bool(r, "allowOnline")));
            case "location-mappings" ->
                new ConfigFile<>(
                        kind,
                        List.of("shopifyLocationId", "shop", "facilityIds", "queueFacilityId"),
                        topics.locationMappings(),
                        ConfigFile::mapping);
            case "thresholds" ->
                new ConfigFile<>(
                        kind,
                        List.of("sku", "threshold"),
                        topics.thresholds(),
                        r -> new ProductThreshold(
                                id(r, "sku"),
                                r.isMapped("shopifyLocationId")
                                                && !text(r, "shopifyLocationId").isEmpty()
                                        ? gid(r, "shopifyLocationId")
                                        : null,
                                nonNegative(r, "threshold")));
            case "shipments" ->
                new ConfigFile<>(
                        kind,
                        List.of("shipmentId", "facilityId", "sku", "quantity"),
                        topics.shipments(),
                        r -> new InboundShipmentLine(
                                id(r, "shipmentId"),
                                id(r, "facilityId"),
                                id(r, "sku"),
                                positive(r, "quantity"),
                                0L,
                                List.of(),
                                r.isMapped("expectedAt")
                                                && !text(r, "expectedAt").isEmpty()
                                        ? instant(r, "expectedAt")
                                        : null,
                                java.time.Instant.now()));
            case "facility-shares" ->
                new ConfigFile<>(
                        kind,
                        List.of("facilityId", "shop", "percent", "units"),
                        topics.facilityShares(),
                        r -> new FacilityShare(
                                id(r, "facilityId"),
                                id(r, "shop"),
                                text(r, "percent").isEmpty() ? null : (int) nonNegative(r, "percent"),
                                text(r, "units").isEmpty() ? null : nonNegative(r, "units")));
            default ->
                throw new IllegalArgumentException("unknown config kind " + kind
                        + "; one of facilities, product-facility, location-mappings, facility-shares, thresholds");
        };
    }

    /** Problems of the whole file ({@code NAME:LINE: reason}); empty = publishable. */
    List<String> check(Path file, List<V> out) throws Exception {
        String name = file.getFileName().toString();
        java.util.Optional<String> notUtf8 = InventoryFile.notUtf8(file);
        if (notUtf8.isPresent()) {
            return List.of(notUtf8.get());
        }
        List<String> problems = new ArrayList<>();
        Map<String, Long> keys = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.parse(reader, InventoryFile.CSV)) {
            if (!csv.getHeaderNames().containsAll(columns)) {
                return List.of(name + ":1: expected columns " + String.join(",", columns) + " for " + kind + ", found "
                        + String.join(",", csv.getHeaderNames()));
            }
            for (CSVRecord row : csv) {
                long line = csv.getCurrentLineNumber();
                try {
                    V v = mapper.map(row);
                    Long first = keys.putIfAbsent(topic.keyOf(v), line);
                    if (first != null) {
                        throw new IllegalArgumentException(
                                "key " + topic.keyOf(v) + " appears twice (first at line " + first + ")");
                    }
                    out.add(v);
                } catch (IllegalArgumentException e) {
                    problems.add(name + ":" + line + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /**
     * A location mapping; the optional {@code publish} column says what Shopify gets there: {@code available} (empty:
     * online ATP) or {@code on_hand} (its one facility's quantity on hand: a store running Shopify POS).
     */
    private static LocationMapping mapping(CSVRecord r) {
        String publish = r.isMapped("publish") ? text(r, "publish") : "";
        if (!publish.isEmpty() && !publish.equals("available") && !publish.equals("on_hand")) {
            throw new IllegalArgumentException("publish '" + publish + "' must be available or on_hand");
        }
        LocationMapping m = new LocationMapping(
                gid(r, "shopifyLocationId"),
                text(r, "shop"),
                ids(r, "facilityIds"),
                text(r, "queueFacilityId").isEmpty() ? null : id(r, "queueFacilityId"),
                publish.isEmpty() || publish.equals("available") ? null : publish);
        if (m.getPublish() != null && (m.getFacilityIds().size() != 1 || m.getQueueFacilityId() != null)) {
            throw new IllegalArgumentException("publish on_hand is for a store mapped 1:1 (one facility, no queue);"
                    + " this location has " + m.getFacilityIds().size() + " facilities"
                    + (m.getQueueFacilityId() == null ? "" : " and a queue"));
        }
        return m;
    }

    private static String text(CSVRecord r, String column) {
        if (!r.isSet(column)) {
            throw new IllegalArgumentException("column " + column + " is missing (the row has " + r.size() + " cells)");
        }
        String v = r.get(column);
        if (!v.isEmpty() && "=+@\t\r".indexOf(v.charAt(0)) >= 0) {
            throw new IllegalArgumentException(column + " '" + v + "' looks like a spreadsheet formula; refused");
        }
        return v;
    }

    private static String id(CSVRecord r, String column) {
        String v = text(r, column);
        if (!EventRules.validId(v)) {
            throw new IllegalArgumentException(column + " '" + v
                    + "' has an unknown format (1-128 letters, digits, . _ - / : # + or space; no |)");
        }
        return v;
    }

    private static String gid(CSVRecord r, String column) {
        String v = text(r, column);
        if (!v.matches("gid://shopify/Location/\\d+")) {
            throw new IllegalArgumentException(
                    column + " '" + v + "' is not a Shopify location gid (gid://shopify/Location/123)");
        }
        return v;
    }

    private static List<String> ids(CSVRecord r, String column) {
        List<String> ids = Arrays.stream(text(r, column).split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(column + " is empty: list facility ids separated by ';'");
        }
        ids.forEach(id -> {
            if (!EventRules.validId(id)) {
                throw new IllegalArgumentException(column + " has an invalid facility id '" + id + "'");
            }
        });
        return ids;
    }

    private static boolean bool(CSVRecord r, String column) {
        String v = text(r, column).toLowerCase();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(column + " '" + r.get(column) + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    static long positive(CSVRecord r, String column) {
        long n = nonNegative(r, column);
        if (n == 0) {
            throw new IllegalArgumentException(column + " must be more than 0");
        }
        return n;
    }

    static java.time.Instant instant(CSVRecord r, String column) {
        String v = text(r, column);
        try {
            return java.time.Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    column + " '" + v + "' is not an ISO-8601 instant such as 2026-11-23T09:00:00Z");
        }
    }

    static long nonNegative(CSVRecord r, String column) {
        String v = text(r, column);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + v + "' is not a whole number");
        }
        if (n < 0 || n > 1_000_000_000L) {
            throw new IllegalArgumentException(column + " " + n + " must be between 0 and 1,000,000,000");
        }
        return n;
    }
}
