package io.atpsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shop's bulk query operations, as Shopify runs them: {@code bulkOperationRunQuery} validates the query, runs it in
 * the background over every page of every connection, and writes JSONL: one line per connection node, nested nodes
 * pointing at their parent with {@code __parentId}. The result is downloaded from {@code url} without credentials
 * (Shopify's is a signed storage URL).
 */
final class BulkOperations {

    /** A bulk operation as the BulkOperation type shows it (fields resolve by name). */
    record Op(
            String id,
            String query,
            String type,
            String status,
            String createdAt,
            String completedAt,
            String objectCount,
            String rootObjectCount,
            String fileSize,
            String url,
            String partialDataUrl,
            String errorCode) {
        Op with(String newStatus, String completed, long objects, long roots, long size, String fileUrl, String error) {
            return new Op(
                    id,
                    query,
                    type,
                    newStatus,
                    createdAt,
                    completed,
                    Long.toString(objects),
                    Long.toString(roots),
                    size < 0 ? null : Long.toString(size),
                    fileUrl,
                    null,
                    error);
        }

        Op withStatus(String newStatus) {
            return new Op(
                    id,
                    query,
                    type,
                    newStatus,
                    createdAt,
                    completedAt,
                    objectCount,
                    rootObjectCount,
                    fileSize,
                    url,
                    partialDataUrl,
                    errorCode);
        }

        Op withCounts(long objects) {
            String n = Long.toString(objects);
            return new Op(
                    id, query, type, status, createdAt, completedAt, n, n, fileSize, url, partialDataUrl, errorCode);
        }

        Op withPartialData(String partialUrl) {
            return new Op(
                    id,
                    query,
                    type,
                    status,
                    createdAt,
                    completedAt,
                    objectCount,
                    rootObjectCount,
                    fileSize,
                    null,
                    partialUrl,
                    errorCode);
        }

        boolean active() {
            return status.equals("CREATED") || status.equals("RUNNING") || status.equals("CANCELING");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emulator-bulk-operations");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong IDS = new AtomicLong(4_000_000_000L);

    private final Map<String, Op> ops = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final java.util.function.Consumer<Op> finished;

    /** {@code finished}: told of every operation that ends (the shop sends bulk_operations/finish). */
    BulkOperations(java.util.function.Consumer<Op> finished) {
        this.finished = finished;
    }

    /**
     * Starts a query operation, or answers why not: {@code INVALID} (the query does not validate against the schema or
     * has no connection), {@code LIMIT_REACHED} (5 query operations already running: the concurrency Shopify allows
     * from API 2026-01, shopify.dev/api/usage/bulk-operations/queries; before that one, refused OPERATION_IN_PROGRESS).
     */
    synchronized Map<String, Object> start(
            String query, GraphQLSchema schema, Map<String, Object> context, String baseUrl, String shop) {
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(
                schema, ExecutionInput.newExecutionInput(query).build());
        if (parsed.isFailure()) {
            return userError(
                    "INVALID",
                    "Invalid bulk query: " + parsed.getErrors().get(0).getMessage());
        }
        if (!query.contains("edges") && !query.contains("nodes")) {
            return userError("INVALID", "Bulk queries must contain at least one connection.");
        }
        if (running("QUERY") >= BulkMutations.MAX_RUNNING) {
            return userError(
                    "LIMIT_REACHED",
                    "A maximum of " + BulkMutations.MAX_RUNNING
                            + " bulk query operations for this app and shop can run at the same time.");
        }
        Op op = create("QUERY", query);
        String id = op.id();
        Map<String, Object> bulkContext = new LinkedHashMap<>(context);
        bulkContext.put(Connections.BULK, true);
        RUNNER.submit(() -> run(
                id, query, schema, bulkContext, baseUrl + "/bulk-results/" + shop + "/" + Gid.number(id) + ".jsonl"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bulkOperation", op);
        payload.put("userErrors", List.of());
        return payload;
    }

    private void run(String id, String query, GraphQLSchema schema, Map<String, Object> context, String url) {
        update(id, o -> o.with("RUNNING", null, 0, 0, -1, null, null));
        try {
            ExecutionResult result = GraphQL.newGraphQL(schema)
                    .build()
                    .execute(ExecutionInput.newExecutionInput(query)
                            .graphQLContext(context)
                            .build());
            if (!result.getErrors().isEmpty()) {
                System.err.println("emulator: bulk operation " + id + " failed: " + result.getErrors());
                boolean denied = result.getErrors().stream()
                        .anyMatch(e -> String.valueOf(e.getExtensions()).contains("ACCESS_DENIED"));
                update(
                        id,
                        o -> o.with(
                                "FAILED",
                                Instant.now().toString(),
                                0,
                                0,
                                -1,
                                null,
                                denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR"));
                finished(id);
                return;
            }
            java.io.ByteArrayOutputStream jsonl = new java.io.ByteArrayOutputStream();
            long[] count = {0};
            long roots = BulkJsonl.flatten(result.getData(), null, line -> BulkJsonl.writeLine(jsonl, line, count));
            result = null; // the tree is written out: let it go before the file is copied
            byte[] bytes = jsonl.toByteArray();
            putFile(Gid.number(id), bytes);
            update(
                    id,
                    o -> o.with(
                            "COMPLETED",
                            Instant.now().toString(),
                            count[0],
                            roots,
                            bytes.length,
                            count[0] == 0 ? null : url,
                            null));
            finished(id);
        } catch (RuntimeException | OutOfMemoryError e) {
            // Shopify fails an operation it cannot finish; an operation left RUNNING would be waited on for ever.
            System.err.println("emulator: bulk operation " + id + " failed: " + e);
            update(id, o -> o.with("FAILED", Instant.now().toString(), 0, 0, -1, null, "INTERNAL_SERVER_ERROR"));
            finished(id);
        }
    }

    /** A new operation of {@code type} (QUERY or MUTATION), CREATED. */
    synchronized Op create(String type, String document) {
        String id = "gid://shopify/BulkOperation/" + IDS.incrementAndGet();
        Op op = new Op(id, document, type, "CREATED", Instant.now().toString(), null, "0", "0", null, null, null, null);
        ops.put(id, op);
        return op;
    }

    /** Operations of {@code type} not finished yet. */
    synchronized long running(String type) {
        return ops.values().stream()
                .filter(o -> o.type().equals(type) && o.active())
                .count();
    }

    synchronized void putFile(String number, byte[] bytes) {
        files.put(number, bytes);
    }

    /** Tells the shop an operation has ended. */
    void finished(String id) {
        get(id).ifPresent(finished);
    }

    /**
     * The bulk_operations/finish body, as Shopify's webhook reference shows it: the operation's gid, when it was
     * created and completed, and its status, error code and type in lower case (unlike the GraphQL enums).
     */
    static Map<String, Object> finishPayload(Op o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("admin_graphql_api_id", o.id());
        m.put("completed_at", o.completedAt());
        m.put("created_at", o.createdAt());
        m.put("error_code", o.errorCode() == null ? null : o.errorCode().toLowerCase());
        m.put("status", o.status().toLowerCase());
        m.put("type", o.type().toLowerCase());
        return m;
    }

    synchronized Optional<Op> get(String id) {
        return Optional.ofNullable(ops.get(id));
    }

    /** The newest operation of {@code type} (currentBulkOperation(type:), QUERY by default). */
    synchronized Optional<Op> current(String type) {
        return ops.values().stream()
                .filter(o -> o.type().equals(type == null ? "QUERY" : type))
                .reduce((a, b) -> b);
    }

    /**
     * {@code bulkOperations(query:)}: the app's operations, newest first as the 2026-10 schema says by default
     * ({@code reverse: true} oldest first), filtered on {@code status} and {@code operation_type}, the filters its
     * description documents besides {@code created_at} and {@code id}.
     */
    synchronized List<Op> where(String query, boolean reverse) {
        QueryFilter q = QueryFilter.parse(query);
        List<Op> all = new ArrayList<>(ops.values().stream()
                .filter(o -> q.on("status").stream().allMatch(t -> t.value().equalsIgnoreCase(o.status())))
                .filter(o ->
                        q.on("operation_type").stream().allMatch(t -> t.value().equalsIgnoreCase(o.type())))
                .toList());
        if (!reverse) {
            java.util.Collections.reverse(all);
        }
        return all;
    }

    synchronized Optional<byte[]> file(String number) {
        return Optional.ofNullable(files.get(number));
    }

    synchronized void update(String id, java.util.function.UnaryOperator<Op> change) {
        ops.computeIfPresent(id, (k, o) -> change.apply(o));
    }

    private static Map<String, Object> userError(String code, String message) {
        return refused(code, "query", message);
    }

    /**
     * A bulk operation's payload when Shopify does not start it: no operation, one userError ({@code field} may be
     * null).
     */
    static Map<String, Object> refused(String code, String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("field", field == null ? null : List.of(field));
        error.put("message", message);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bulkOperation", null);
        payload.put("userErrors", List.of(error));
        return payload;
    }
}
