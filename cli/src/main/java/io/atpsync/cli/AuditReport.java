package io.atpsync.cli;

import io.atpsync.cli.AuditCommand.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** What {@code audit} reports: a CSV of every discrepancy, the same as JSON, or the first 50 as a table. */
final class AuditReport {

    static final String[] HEADER = {
        "sku", "location", "ours", "shopify", "difference", "pendingShopifyOrders", "lastBatchPushed", "probableCause"
    };

    private AuditReport() {}

    /** Writes {@code audit-SHOP-TIME.csv} in {@code out} (RFC 4180 quoting, through Commons CSV); returns its path. */
    static Path csv(Path out, String shop, List<Row> differences, Map<Row, String> lastPushed) throws IOException {
        Files.createDirectories(out);
        Path report =
                out.resolve("audit-" + shop + "-" + Instant.now().toString().replace(':', '-') + ".csv");
        try (Writer w = Files.newBufferedWriter(report, StandardCharsets.UTF_8);
                CSVPrinter csv = CSVFormat.DEFAULT
                        .builder()
                        .setHeader(HEADER)
                        .setRecordSeparator("\n")
                        .get()
                        .print(w)) {
            for (Row r : differences) {
                csv.printRecord(
                        r.sku(),
                        r.location(),
                        r.ours(),
                        r.shopifys() == null ? "" : r.shopifys(),
                        r.shopifys() == null ? "" : r.shopifys() - r.ours(),
                        r.pending(),
                        lastPushed.getOrDefault(r, ""),
                        r.cause());
            }
        }
        return report;
    }

    static Map<String, Object> json(
            String shop, int compared, Path report, List<Row> differences, Map<Row, String> lastPushed) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : differences) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", r.sku());
            m.put("location", r.location());
            m.put("ours", r.ours());
            m.put("shopify", r.shopifys());
            m.put("difference", r.shopifys() == null ? null : r.shopifys() - r.ours());
            m.put("pendingShopifyOrders", r.pending());
            m.put("lastBatchPushed", lastPushed.get(r));
            m.put("probableCause", r.cause());
            rows.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("shop", shop);
        result.put("audited", compared);
        result.put("report", report.toString());
        result.put("discrepancies", rows);
        return result;
    }

    /** The first 50 discrepancies, one per line. */
    static void table(PrintWriter o, List<Row> differences, Map<Row, String> lastPushed) {
        if (differences.isEmpty()) {
            return;
        }
        o.printf(
                "%-16s %-32s %8s %8s %6s  %-20s  %s%n",
                "SKU", "LOCATION", "OURS", "SHOPIFY", "DIFF", "LAST BATCH PUSHED", "PROBABLE CAUSE");
        for (Row r : differences.subList(0, Math.min(50, differences.size()))) {
            o.printf(
                    "%-16s %-32s %8d %8s %6s  %-20s  %s%n",
                    r.sku(),
                    r.location(),
                    r.ours(),
                    r.shopifys() == null ? "-" : r.shopifys(),
                    r.shopifys() == null ? "-" : r.shopifys() - r.ours(),
                    lastPushed.getOrDefault(r, "-"),
                    r.cause());
        }
    }
}
