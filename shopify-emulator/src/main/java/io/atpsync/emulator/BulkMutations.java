package io.atpsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A shop's bulk mutations, as Shopify runs them ({@code bulkOperationRunMutation}, API 2026-10 schema): the document is
 * one mutation, run once per line of the staged JSONL file with that line as its variables; every line's result,
 * userErrors included (a stale compare-and-swap is {@code CHANGE_FROM_QUANTITY_STALE} on that line only), is a line of
 * the result file, {@code {"data":…,"__lineNumber":n}}, in input order. Lines do not cost points from the bucket.
 *
 * <p>Up to {@link #MAX_RUNNING} bulk mutations run at once per shop (the premise for 2026-01 and later; the
 * 2026-10 schema says only that the limit depends on the version); one more is {@code LIMIT_REACHED}. Which mutations
 * Shopify allows in bulk is not listed in the schema: here the two inventory mutations the emulator executes.
 * Processing speed is {@link #linesPerSecond()}.
 */
final class BulkMutations {

    /** Mutations a bulk operation may run here. */
    static final Set<String> ALLOWED = Set.of("inventorySetQuantities", "inventoryAdjustQuantities");

    static final int MAX_RUNNING = 5;

    /**
     * The default speed, in lines per second. Shopify publishes none; 2 lines of up to 250 changes a second is 500
     * changes a second, fifteen times the direct path's 33 changes/s on Standard, and slow enough that a benchmark at
     * the default does not flatter bulk operations. Set with {@code -Demulator.bulk.linesPerSecond} or, per shop,
     * {@code PUT /emulator/shops/{domain}/bulk {"linesPerSecond": n}}.
     */
    static final double DEFAULT_LINES_PER_SECOND = 2;

    private volatile double linesPerSecond =
            Double.parseDouble(System.getProperty("emulator.bulk.linesPerSecond", "" + DEFAULT_LINES_PER_SECOND));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "emulator-bulk-mutations");
        t.setDaemon(true);
        return t;
    });

    private final Shop shop;

    BulkMutations(Shop shop) {
        this.shop = shop;
    }

    double linesPerSecond() {
        return linesPerSecond;
    }

    void linesPerSecond(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("linesPerSecond must be > 0, was " + rate);
        }
        linesPerSecond = rate;
    }

    /** Starts a bulk mutation, or answers why not (BulkMutationUserError codes). */
    Map<String, Object> start(
            String mutation, String stagedUploadPath, GraphQLSchema schema, Map<String, Object> context, String url) {
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(
                schema, ExecutionInput.newExecutionInput(mutation).build());
        if (parsed.isFailure()) {
            return userError(
                    "INVALID_MUTATION",
                    "mutation",
                    "Invalid mutation: " + parsed.getErrors().get(0).getMessage());
        }
        List<OperationDefinition> operations = parsed.getDocument().getDefinitionsOfType(OperationDefinition.class);
        if (operations.size() != 1
                || operations.get(0).getOperation() != OperationDefinition.Operation.MUTATION
                || operations
                                .get(0)
                                .getSelectionSet()
                                .getSelectionsOfType(Field.class)
                                .size()
                        != 1) {
            return userError(
                    "INVALID_MUTATION", "mutation", "A bulk mutation runs exactly one mutation field per document.");
        }
        String field = operations
                .get(0)
                .getSelectionSet()
                .getSelectionsOfType(Field.class)
                .get(0)
                .getName();
        if (!ALLOWED.contains(field)) {
            return userError("INVALID_MUTATION", "mutation", "The mutation " + field + " can't be run in bulk.");
        }
        byte[] file = shop.uploads.file(stagedUploadPath).orElse(null);
        if (file == null) {
            return userError(
                    "NO_SUCH_FILE", "stagedUploadPath", "The JSONL file could not be found: " + stagedUploadPath);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        String[] raw = new String(file, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].isBlank()) {
                continue;
            }
            try {
                JsonNode line = JSON.readTree(raw[i]);
                if (!line.isObject()) {
                    throw new IllegalArgumentException("not an object");
                }
                lines.add(JSON.convertValue(line, Map.class));
            } catch (Exception e) {
                return userError(
                        "INVALID_STAGED_UPLOAD_FILE",
                        "stagedUploadPath",
                        "The JSONL file is invalid: line " + (i + 1) + " is not a JSON object of variables.");
            }
        }
        BulkOperations.Op op;
        synchronized (shop.bulk) {
            if (shop.bulk.running("MUTATION") >= MAX_RUNNING) {
                return userError("LIMIT_REACHED", null, "Bulk operations limit reached. Please try again later.");
            }
            op = shop.bulk.create("MUTATION", mutation);
        }
        String resultUrl = url + Gid.number(op.id()) + ".jsonl";
        RUNNER.submit(() -> run(op.id(), mutation, lines, schema, context, resultUrl));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bulkOperation", op);
        payload.put("userErrors", List.of());
        return payload;
    }

    private void run(
            String id,
            String mutation,
            List<Map<String, Object>> lines,
            GraphQLSchema schema,
            Map<String, Object> context,
            String url) {
        shop.bulk.update(id, o -> o.status().equals("CREATED") ? o.withStatus("RUNNING") : o);
        GraphQL graphql = GraphQL.newGraphQL(schema).build();
        StringBuilder results = new StringBuilder();
        long started = System.nanoTime();
        int done = 0;
        try {
            for (Map<String, Object> variables : lines) {
                if (shop.bulk.get(id).map(o -> o.status().equals("CANCELING")).orElse(false)) {
                    finish(id, "CANCELED", done, results, url, null);
                    return;
                }
                long due = started + (long) (done / linesPerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ExecutionResult r = graphql.execute(ExecutionInput.newExecutionInput(mutation)
                        .variables(variables)
                        .graphQLContext(context)
                        .build());
                Map<String, Object> line = new LinkedHashMap<>();
                if (r.getErrors().isEmpty()) {
                    line.put("data", r.getData());
                } else {
                    line.put(
                            "errors",
                            r.getErrors().stream().map(e -> e.toSpecification()).toList());
                }
                line.put("__lineNumber", done);
                results.append(JSON.writeValueAsString(line)).append('\n');
                done++;
                int count = done;
                shop.bulk.update(id, o -> o.withCounts(count));
            }
            finish(id, "COMPLETED", done, results, url, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(id, "FAILED", done, results, url, "INTERNAL_SERVER_ERROR");
        } catch (Exception e) {
            System.err.println("emulator: bulk mutation " + id + " failed: " + e);
            finish(id, "FAILED", done, results, url, "INTERNAL_SERVER_ERROR");
        }
    }

    /** The end: the result file ({@code url} when completed, {@code partialDataUrl} otherwise), and the webhook. */
    private void finish(String id, String status, int done, StringBuilder results, String url, String error) {
        byte[] bytes = results.toString().getBytes(StandardCharsets.UTF_8);
        shop.bulk.putFile(Gid.number(id), bytes);
        boolean complete = status.equals("COMPLETED");
        shop.bulk.update(id, o -> {
            BulkOperations.Op end = o.with(
                    status,
                    Instant.now().toString(),
                    done,
                    done,
                    bytes.length,
                    complete && bytes.length > 0 ? url : null,
                    error);
            return complete || bytes.length == 0 ? end : end.withPartialData(url);
        });
        shop.bulk.finished(id);
    }

    /** {@code bulkOperationCancel(id:)}: a running (or created) operation becomes CANCELING, then CANCELED. */
    Map<String, Object> cancel(String id) {
        BulkOperations.Op op = shop.bulk.get(id).orElse(null);
        Map<String, Object> payload = new LinkedHashMap<>();
        if (op == null) {
            payload.put("bulkOperation", null);
            payload.put(
                    "userErrors", List.of(Map.of("field", List.of("id"), "message", "Bulk operation does not exist")));
            return payload;
        }
        if (!op.status().equals("CREATED") && !op.status().equals("RUNNING")) {
            payload.put("bulkOperation", op);
            payload.put(
                    "userErrors",
                    List.of(Map.of(
                            "field",
                            List.of("id"),
                            "message",
                            "A bulk operation cannot be canceled when it is "
                                    + op.status().toLowerCase())));
            return payload;
        }
        shop.bulk.update(id, o -> o.withStatus("CANCELING"));
        payload.put("bulkOperation", shop.bulk.get(id).orElseThrow());
        payload.put("userErrors", List.of());
        return payload;
    }

    private static Map<String, Object> userError(String code, String field, String message) {
        return BulkOperations.refused(code, field, message);
    }
}
