package io.atpsync.cli;

import io.atpsync.schemas.Kit;
import io.atpsync.schemas.KitComponent;
import io.atpsync.streams.atp.EventRules;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A kits file: {@code kitSku,componentSku,quantity}, one row per component. The rows of a kit make its whole definition
 * (it replaces what was published for that kit). Every row is checked; problems name the line; a whole file or nothing.
 */
final class KitsFile {

    static final List<String> COLUMNS = List.of("kitSku", "componentSku", "quantity");

    private KitsFile() {}

    /** The kits of {@code file} in file order, or the problems ({@code NAME:LINE: reason}) in {@code problems}. */
    static List<Kit> read(Path file, List<String> problems) throws Exception {
        String name = file.getFileName().toString();
        java.util.Optional<String> notUtf8 = InventoryFile.notUtf8(file);
        if (notUtf8.isPresent()) {
            problems.add(notUtf8.get());
            return List.of();
        }
        Map<String, Map<String, Integer>> kits = new LinkedHashMap<>();
        Map<String, Long> firstLine = new java.util.HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.parse(reader, InventoryFile.CSV)) {
            if (!csv.getHeaderNames().containsAll(COLUMNS)) {
                problems.add(name + ":1: expected columns " + String.join(",", COLUMNS) + " for kits, found "
                        + String.join(",", csv.getHeaderNames()));
                return List.of();
            }
            for (CSVRecord row : csv) {
                long line = csv.getCurrentLineNumber();
                String kit = row.get("kitSku");
                String component = row.get("componentSku");
                String why = !EventRules.validId(kit)
                        ? "kitSku '" + kit + "' has an unknown format"
                        : !EventRules.validId(component)
                                ? "componentSku '" + component + "' has an unknown format"
                                : kit.equals(component) ? "a kit cannot be its own component" : null;
                Integer quantity = null;
                try {
                    quantity = Integer.parseInt(row.get("quantity"));
                } catch (NumberFormatException e) {
                    why = why != null ? why : "quantity '" + row.get("quantity") + "' is not a whole number";
                }
                if (why == null && quantity < 1) {
                    why = "quantity " + quantity + " must be at least 1";
                }
                Long first = firstLine.putIfAbsent(kit + "|" + component, line);
                if (why == null && first != null) {
                    why = component + " appears twice in kit " + kit + " (first at line " + first + ")";
                }
                if (why != null) {
                    problems.add(name + ":" + line + ": " + why);
                } else {
                    kits.computeIfAbsent(kit, k -> new LinkedHashMap<>()).put(component, quantity);
                }
            }
        }
        List<Kit> out = new ArrayList<>();
        kits.forEach((kit, components) -> {
            List<KitComponent> list = new ArrayList<>();
            components.forEach((sku, q) -> list.add(new KitComponent(sku, q)));
            out.add(new Kit(kit, list));
        });
        return out;
    }
}
