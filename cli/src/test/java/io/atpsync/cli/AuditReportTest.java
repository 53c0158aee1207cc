package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.cli.AuditCommand.Row;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReportTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryFieldSoThatACsvReaderGetsItBackWhole() throws Exception {
        Row drift = new Row("TEE,M", "gid://shopify/Location/1", 8, 10L, 2, "unexplained: \"drift\", in Shopify");
        Row unmapped = new Row("CAP", "gid://shopify/Location/1", 3, null, 0, "unmapped SKU: no shopify.catalog entry");

        Path report = AuditReport.csv(
                dir, "demo.myshopify.com", List.of(drift, unmapped), Map.of(drift, "2026-12-03T10:00:00Z"));

        try (Reader r = Files.newBufferedReader(report);
                CSVParser csv = CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(r)) {
            assertThat(csv.getHeaderNames()).containsExactly(AuditReport.HEADER);
            List<CSVRecord> rows = csv.getRecords();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).toList())
                    .containsExactly(
                            "TEE,M",
                            "gid://shopify/Location/1",
                            "8",
                            "10",
                            "2",
                            "2",
                            "2026-12-03T10:00:00Z",
                            "unexplained: \"drift\", in Shopify");
            assertThat(rows.get(1).get("shopify")).isEmpty();
            assertThat(rows.get(1).get("difference")).isEmpty();
            assertThat(rows.get(1).get("lastBatchPushed")).isEmpty();
        }
    }
}
