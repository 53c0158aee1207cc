package io.atpsync.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A bulk mutation, the way Shopify's 2026-10 schema lays it out: a JSONL of variables staged with
 * {@code stagedUploadsCreate} ({@code resource: BULK_MUTATION_VARIABLES}) and posted as a form to the target; then
 * {@code bulkOperationRunMutation} with the target's {@code key} parameter as {@code stagedUploadPath}; then the
 * operation polled until it ends, and its result JSONL ({@code {"data":…,"__lineNumber":n}} per line) downloaded from
 * {@code url}, or what was done from {@code partialDataUrl}. The lines cost no points from the rate-limit bucket; the
 * calls here cost about 10 points each.
 */
public final class BulkMutation {

    static final String STAGE = "mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { "
            + "stagedTargets { url parameters { name value } } userErrors { field message } } }";
    static final String RUN = "mutation($m: String!, $path: String!, $client: String) { bulkOperationRunMutation("
            + "mutation: $m, stagedUploadPath: $path, clientIdentifier: $client) { bulkOperation { id status } "
            + "userErrors { code field message } } }";
    static final String STATUS =
            "query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount url " + "partialDataUrl } }";
    static final String CANCEL = "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } "
            + "userErrors { field message } } }";

    /** Shopify refused to start the operation: a BulkMutationErrorCode (LIMIT_REACHED is worth waiting for). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        Refused(String code, String message) {
            super("Shopify refused the bulk mutation: " + code + ": " + message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** How an operation ended: its status, lines done, error code, and the downloaded result (or partial) file. */
    public record Outcome(String id, String status, long objectCount, String errorCode, Path results) {}

    /** One result line: the line's number in the input, and its {@code data} or top-level {@code errors}. */
    public record Line(int number, JsonNode data, JsonNode errors) {}

    private BulkMutation() {}

    /** Stages {@code jsonl} and returns its stagedUploadPath (the target's {@code key} parameter). */
    public static String stage(ShopifyClient client, ShopifyHttp http, Path jsonl)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        JsonNode r = client.data(
                        STAGE,
                        Map.of(
                                "input",
                                List.of(Map.of(
                                        "resource",
                                        "BULK_MUTATION_VARIABLES",
                                        "filename",
                                        jsonl.getFileName().toString(),
                                        "mimeType",
                                        "text/jsonl",
                                        "httpMethod",
                                        "POST"))))
                .path("stagedUploadsCreate");
        if (r.path("userErrors").size() > 0) {
            throw new IOException("Shopify refused the staged upload: "
                    + r.path("userErrors").get(0).path("message").asText());
        }
        JsonNode target = r.path("stagedTargets").path(0);
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        String key = null;
        for (JsonNode p : target.path("parameters")) {
            parameters.add(new AbstractMap.SimpleEntry<>(
                    p.path("name").asText(), p.path("value").asText()));
            if (p.path("name").asText().equals("key")) {
                key = p.path("value").asText();
            }
        }
        if (key == null) {
            throw new IOException("the staged upload target has no key parameter: " + target);
        }
        http.upload(target.path("url").asText(), parameters, jsonl);
        return key;
    }

    /** Starts {@code mutation} over the staged file; returns the operation's id. */
    public static String start(ShopifyClient client, String mutation, String stagedUploadPath, String clientIdentifier)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException, Refused {
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("m", mutation);
        vars.put("path", stagedUploadPath);
        vars.put("client", clientIdentifier);
        JsonNode r = client.data(RUN, vars).path("bulkOperationRunMutation");
        if (r.path("userErrors").size() > 0) {
            JsonNode e = r.path("userErrors").get(0);
            throw new Refused(e.path("code").asText(), e.path("message").asText());
        }
        return r.path("bulkOperation").path("id").asText();
    }

    /**
     * Polls the operation every {@code every} until it ends or {@code wait} passes (then its current state, no file),
     * telling {@code progress} each change; downloads the result (or partial) file when there is one.
     */
    public static Outcome await(
            ShopifyClient client, ShopifyHttp http, String id, Duration every, Duration wait, Consumer<String> progress)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        while (true) {
            JsonNode op = client.data(STATUS, Map.of("id", id)).path("bulkOperation");
            String status = op.path("status").asText();
            long lines = op.path("objectCount").asLong(0);
            String line = "bulk mutation " + id + ": " + status + ", " + lines + " line(s) done";
            if (!line.equals(last)) {
                progress.accept(line);
                last = line;
            }
            boolean ended = switch (status) {
                case "COMPLETED", "FAILED", "CANCELED", "EXPIRED" -> true;
                default -> false;
            };
            if (ended || System.nanoTime() >= deadline) {
                String url = op.hasNonNull("url")
                        ? op.path("url").asText()
                        : op.path("partialDataUrl").asText(null);
                Path file = null;
                if (ended && url != null && !url.isEmpty()) {
                    file = Files.createTempFile("atp-sync-bulk-mutation-", ".jsonl");
                    file.toFile().deleteOnExit();
                    http.download(url, file);
                }
                String error = op.path("errorCode").isNull()
                        ? null
                        : op.path("errorCode").asText(null);
                return new Outcome(id, status, lines, error, file);
            }
            Thread.sleep(every.toMillis());
        }
    }

    /** An operation as {@code bulkOperations} lists it: its id, status and document. */
    public record Listed(String id, String status, String document) {}

    static final String LIST =
            "query($q: String!) { bulkOperations(first: 50, query: $q) { nodes { id status query } " + "} }";

    /**
     * The app's newest bulk mutations (up to 50) whose document contains {@code name}: how an operation started before
     * a restart is found again. The 2026-10 {@code BulkOperation} has no {@code clientIdentifier} field and
     * {@code bulkOperations(query:)} documents no filter on it, so the caller names its operations in their document
     * ({@code mutation Name(...)}), which {@code BulkOperation.query} returns.
     */
    public static List<Listed> named(ShopifyClient client, String name)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        List<Listed> out = new ArrayList<>();
        for (JsonNode n : client.data(LIST, Map.of("q", "operation_type:mutation"))
                .path("bulkOperations")
                .path("nodes")) {
            if (n.path("query").asText("").contains(name)) {
                out.add(new Listed(
                        n.path("id").asText(),
                        n.path("status").asText(),
                        n.path("query").asText()));
            }
        }
        return out;
    }

    /** Asks Shopify to cancel the operation (it goes CANCELING, then CANCELED). */
    public static void cancel(ShopifyClient client, String id)
            throws ShopifyClient.Fatal, ShopifyClient.BudgetExhausted, InterruptedException {
        client.data(CANCEL, Map.of("id", id));
    }

    /** Every line of a result file, in input order ({@code __lineNumber}), to {@code each}. */
    public static void eachLine(Path results, Consumer<Line> each) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode row = ShopifyHttp.JSON.readTree(text);
                lines.add(new Line(row.path("__lineNumber").asInt(), row.path("data"), row.path("errors")));
            }
        }
        lines.sort(java.util.Comparator.comparingInt(Line::number)); // Shopify may write them out of order
        lines.forEach(each);
    }
}
