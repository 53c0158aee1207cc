package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A bulk query ({@code bulkOperationRunQuery}): started, polled until it ends (progress to the caller), its JSONL
 * result downloaded from the signed URL Shopify gives (no token on that request). One runs per app and shop at a time:
 * a second is refused with OPERATION_IN_PROGRESS.
 */
public final class BulkQuery {

    static final String RUN = "mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { "
            + "bulkOperation { id status } userErrors { code field message } } }";
    static final String STATUS = "query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount url } }";

    private BulkQuery() {}

    /**
     * Runs {@code query}, waits up to {@code wait} for it (telling {@code progress} each change of status or count),
     * and downloads its JSONL to a temporary file; null when it found nothing.
     */
    public static Path run(
            ShopifyClient client, ShopifyHttp http, String query, Duration wait, Consumer<String> progress)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        JsonNode started = client.data(RUN, Map.of("q", query)).path("bulkOperationRunQuery");
        if (started.path("userErrors").size() > 0) {
            JsonNode e = started.path("userErrors").get(0);
            throw new IllegalStateException("Shopify refused the bulk query: "
                    + e.path("code").asText() + ": " + e.path("message").asText()
                    + (e.path("code").asText().equals("OPERATION_IN_PROGRESS")
                            ? " (wait for it, or cancel it in Shopify)"
                            : ""));
        }
        String id = started.path("bulkOperation").path("id").asText();
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode op = client.data(STATUS, Map.of("id", id)).path("bulkOperation");
            String status = op.path("status").asText();
            String line = "bulk operation " + id + ": " + status + ", "
                    + op.path("objectCount").asText("0") + " object(s)";
            if (!line.equals(last)) {
                progress.accept(line);
                last = line;
            }
            switch (status) {
                case "COMPLETED" -> {
                    if (op.path("url").isNull() || op.path("url").asText().isEmpty()) {
                        return null;
                    }
                    Path file = Files.createTempFile("atp-sync-bulk-", ".jsonl");
                    file.toFile().deleteOnExit();
                    http.download(op.path("url").asText(), file);
                    return file;
                }
                case "FAILED", "CANCELED", "EXPIRED" ->
                    throw new IllegalStateException("bulk operation " + id + " ended " + status
                            + (op.path("errorCode").isNull()
                                    ? ""
                                    : " (" + op.path("errorCode").asText() + ")")
                            + (op.path("errorCode").asText().equals("ACCESS_DENIED")
                                    ? ": the token lacks read_inventory/read_products"
                                    : ""));
                default -> Thread.sleep(1_000);
            }
        }
        throw new IllegalStateException("bulk operation " + id + " did not complete within " + wait.toSeconds() + " s");
    }
}
