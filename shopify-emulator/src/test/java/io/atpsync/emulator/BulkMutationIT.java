package io.atpsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.atpsync.testing.Await;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk mutations as Shopify documents them (2026-10 schema in shared/shopify: {@code stagedUploadsCreate},
 * {@code bulkOperationRunMutation}, {@code BulkMutationErrorCode}, {@code BulkOperation}, webhook topic
 * {@code BULK_OPERATIONS_FINISH}): stage a JSONL of variables with {@code resource: BULK_MUTATION_VARIABLES}, post it
 * as a form to the target with its parameters, run one mutation per line by the {@code key} parameter as
 * {@code stagedUploadPath}, and read a result file of {@code {"data":…,"__lineNumber":n}} lines. Expected quantities
 * come from the lines written here, not from the emulator's code.
 */
class BulkMutationIT {

    static final String V = "2026-10";
    static final String SHOP = "bulk.myshopify.com";
    static final String TOKEN = "shpat_bulk";

    static final String STAGE = "mutation Stage($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { "
            + "stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }";
    static final String RUN = "mutation Run($m: String!, $path: String!) { bulkOperationRunMutation(mutation: $m, "
            + "stagedUploadPath: $path, clientIdentifier: \"hard-sync-cut-0001\") { bulkOperation { id status type } "
            + "userErrors { field message code } } }";
    static final String STATUS = "query Op($id: ID!) { bulkOperation(id: $id) { id status type objectCount errorCode "
            + "url partialDataUrl } }";
    static final String CANCEL =
            "mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } "
                    + "userErrors { field message } } }";
    /** The @idempotent key is mandatory from 2026-04 (shared/notes/shopify-admin-api.md): each line carries its own. */
    static final String SET = "mutation Set($input: InventorySetQuantitiesInput!, $key: String!) { "
            + "inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } "
            + "userErrors { field message code } } }";

    private ShopifyEmulator emulator;
    private EmulatorClient client;
    private String location;
    private final List<String> items = new ArrayList<>();

    @BeforeEach
    void seed() throws Exception {
        emulator = new ShopifyEmulator(0);
        client = new EmulatorClient(emulator.url());
        client.admin(
                "POST",
                "/shops",
                Map.of(
                        "domain",
                        SHOP,
                        "tokens",
                        List.of(Map.of("token", TOKEN, "scopes", List.of("read_inventory", "write_inventory")))));
        location = client.admin("POST", "/shops/" + SHOP + "/locations", Map.of("name", "Store"))
                .path("id")
                .asText();
        for (JsonNode v : client.admin(
                "POST",
                "/shops/" + SHOP + "/products",
                Map.of("title", "Tee", "skus", List.of("A", "B", "C"), "stock", Map.of("Store", 10)))) {
            items.add(v.path("inventoryItemId").asText());
        }
        client.admin("PUT", "/shops/" + SHOP + "/bulk", Map.of("linesPerSecond", 50));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** One line: a SET of {@code item} to {@code quantity} if Shopify still has {@code from}. */
    private Map<String, Object> line(String item, long quantity, long from) {
        Map<String, Object> q = new HashMap<>();
        q.put("inventoryItemId", item);
        q.put("locationId", location);
        q.put("quantity", quantity);
        q.put("changeFromQuantity", from);
        return Map.of(
                "key",
                "cut-1/" + item + "/" + from,
                "input",
                Map.of(
                        "name",
                        "available",
                        "reason",
                        "correction",
                        "referenceDocumentUri",
                        "gid://atp-sync/HardSync/cut-1",
                        "quantities",
                        List.of(q)));
    }

    /** Stages {@code jsonl} and returns its stagedUploadPath (the target's {@code key} parameter). */
    private String stage(String jsonl) throws Exception {
        JsonNode r = client.graphql(
                        V,
                        TOKEN,
                        STAGE,
                        Map.of(
                                "input",
                                List.of(Map.of(
                                        "resource",
                                        "BULK_MUTATION_VARIABLES",
                                        "filename",
                                        "bulk_op_vars.jsonl",
                                        "mimeType",
                                        "text/jsonl",
                                        "httpMethod",
                                        "POST"))))
                .body();
        JsonNode target = r.at("/data/stagedUploadsCreate/stagedTargets/0");
        String boundary = "----atp-sync-test";
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        String key = null;
        for (JsonNode p : target.path("parameters")) {
            if (p.path("name").asText().equals("key")) {
                key = p.path("value").asText();
            }
            form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                            + p.path("name").asText() + "\"\r\n\r\n"
                            + p.path("value").asText() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"vars.jsonl\""
                        + "\r\nContent-Type: text/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> up = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(target.path("url").asText()))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(up.body()).contains("<Key>" + key + "</Key>");
        return key;
    }

    private static String jsonl(List<Map<String, Object>> lines) throws Exception {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> l : lines) {
            b.append(EmulatorClient.JSON.writeValueAsString(l)).append('\n');
        }
        return b.toString();
    }

    private JsonNode run(String mutation, String path) throws Exception {
        return client.graphql(V, TOKEN, RUN, Map.of("m", mutation, "path", path))
                .body()
                .at("/data/bulkOperationRunMutation");
    }

    private JsonNode awaitStatus(String id, String status) {
        JsonNode[] op = new JsonNode[1];
        Await.until("bulk operation " + id + " " + status, Duration.ofSeconds(20), () -> {
            try {
                op[0] = client.graphql(V, TOKEN, STATUS, Map.of("id", id))
                        .body()
                        .at("/data/bulkOperation");
                return op[0].path("status").asText().equals(status);
            } catch (Exception e) {
                return false;
            }
        });
        return op[0];
    }

    private long available(String item) throws Exception {
        for (JsonNode l : client.admin("GET", "/shops/" + SHOP + "/levels", null)) {
            if (l.path("inventoryItemId").asText().equals(item)) {
                return l.path("available").asLong();
            }
        }
        throw new AssertionError(item);
    }

    @Test
    void shouldRunOneMutationPerLineAndAnswerEachLineWithItsUserErrors() throws Exception {
        List<String[]> finished = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            finished.add(new String[] {
                ex.getRequestHeaders().getFirst("X-Shopify-Topic"),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        try {
            client.admin(
                    "POST",
                    "/shops/" + SHOP + "/webhooks",
                    Map.of(
                            "topic",
                            "bulk_operations/finish",
                            "address",
                            "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"));
            // Line 1 is stale: Shopify has 10, the line expects 7 (someone sold 3 since the read).
            String path = stage(
                    jsonl(List.of(line(items.get(0), 4, 10), line(items.get(1), 6, 7), line(items.get(2), 0, 10))));

            JsonNode started = run(SET, path);
            assertThat(started.path("userErrors")).isEmpty();
            assertThat(started.at("/bulkOperation/type").asText()).isEqualTo("MUTATION");
            JsonNode op = awaitStatus(started.at("/bulkOperation/id").asText(), "COMPLETED");

            assertThat(op.path("objectCount").asText()).isEqualTo("3");
            assertThat(available(items.get(0))).isEqualTo(4);
            assertThat(available(items.get(1)))
                    .as("the stale line changed nothing")
                    .isEqualTo(10);
            assertThat(available(items.get(2))).isEqualTo(0);
            List<JsonNode> results = new ArrayList<>();
            for (String l : HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(op.path("url").asText()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body()
                    .lines()
                    .toList()) {
                results.add(EmulatorClient.JSON.readTree(l));
            }
            assertThat(results).extracting(r -> r.path("__lineNumber").asInt()).containsExactly(0, 1, 2);
            assertThat(results.get(0).at("/data/inventorySetQuantities/userErrors"))
                    .isEmpty();
            assertThat(results.get(1)
                            .at("/data/inventorySetQuantities/userErrors/0/code")
                            .asText())
                    .isEqualTo("CHANGE_FROM_QUANTITY_STALE");
            assertThat(results.get(1)
                            .at("/data/inventorySetQuantities/inventoryAdjustmentGroup")
                            .isNull())
                    .isTrue();

            Await.until("bulk_operations/finish", Duration.ofSeconds(10), () -> !finished.isEmpty());
            JsonNode body = EmulatorClient.JSON.readTree(finished.get(0)[1]);
            assertThat(finished.get(0)[0]).isEqualTo("bulk_operations/finish");
            assertThat(body.path("admin_graphql_api_id").asText())
                    .isEqualTo(op.path("id").asText());
            assertThat(body.path("status").asText()).isEqualTo("completed");
            assertThat(body.path("type").asText()).isEqualTo("mutation");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void shouldRefuseABadPathADocumentOfTwoMutationsADisallowedMutationAndABadFile() throws Exception {
        String good = stage(jsonl(List.of(line(items.get(0), 1, 10))));

        assertThat(run(SET, "tmp/nothing/here.jsonl").at("/userErrors/0/code").asText())
                .isEqualTo("NO_SUCH_FILE");
        String two = "mutation Two($input: InventorySetQuantitiesInput!, $key: String!) { a: inventorySetQuantities("
                + "input: $input) @idempotent(key: $key) { userErrors { code } } b: inventorySetQuantities(input: "
                + "$input) @idempotent(key: $key) { userErrors { code } } }";
        assertThat(run(two, good).at("/userErrors/0/code").asText()).isEqualTo("INVALID_MUTATION");
        String other = "mutation Run($q: String!) { bulkOperationRunQuery(query: $q) { userErrors { message } } }";
        assertThat(run(other, good).at("/userErrors/0/code").asText()).isEqualTo("INVALID_MUTATION");
        assertThat(run("mutation { nope }", good).at("/userErrors/0/code").asText())
                .isEqualTo("INVALID_MUTATION");
        String broken = stage("{\"input\": 1}\nnot json\n");
        JsonNode bad = run(SET, broken);
        assertThat(bad.at("/userErrors/0/code").asText()).isEqualTo("INVALID_STAGED_UPLOAD_FILE");
        assertThat(bad.at("/userErrors/0/message").asText()).contains("line 2");
        assertThat(available(items.get(0))).as("nothing ran").isEqualTo(10);
    }

    @Test
    void shouldRunFiveAtOnceRefuseASixthAndCancelOneLeavingItsPartialData() throws Exception {
        client.admin("PUT", "/shops/" + SHOP + "/bulk", Map.of("linesPerSecond", 2));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(line(items.get(0), 10, 10)); // no change: each line leaves the level as it is
        }
        String path = stage(jsonl(lines));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BulkMutations.MAX_RUNNING; i++) {
            JsonNode r = run(SET, path);
            assertThat(r.path("userErrors")).as("operation %d", i + 1).isEmpty();
            ids.add(r.at("/bulkOperation/id").asText());
        }

        assertThat(run(SET, path).at("/userErrors/0/code").asText()).isEqualTo("LIMIT_REACHED");

        awaitStatus(ids.get(0), "RUNNING");
        Await.until("a line done", Duration.ofSeconds(10), () -> {
            try {
                return client.graphql(V, TOKEN, STATUS, Map.of("id", ids.get(0)))
                                .body()
                                .at("/data/bulkOperation/objectCount")
                                .asLong()
                        > 0;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode cancel = client.graphql(V, TOKEN, CANCEL, Map.of("id", ids.get(0)))
                .body()
                .at("/data/bulkOperationCancel");
        assertThat(cancel.path("userErrors")).isEmpty();
        assertThat(cancel.at("/bulkOperation/status").asText()).isEqualTo("CANCELING");
        JsonNode canceled = awaitStatus(ids.get(0), "CANCELED");
        assertThat(canceled.path("objectCount").asLong()).isBetween(1L, 39L);
        assertThat(canceled.path("url").isNull()).isTrue();
        assertThat(canceled.path("partialDataUrl").asText()).endsWith(".jsonl");
        assertThat(run(SET, path).path("userErrors")).as("a slot is free again").isEmpty();
        assertThat(client.graphql(V, TOKEN, CANCEL, Map.of("id", ids.get(0)))
                        .body()
                        .at("/data/bulkOperationCancel/userErrors/0/message")
                        .asText())
                .contains("canceled");
    }

    /**
     * How a client finds its operation again after a restart: the 2026-10 schema's {@code bulkOperations(query:)}
     * documents filters on {@code operation_type} and {@code status} (values in lower case), newest first by default,
     * and {@code BulkOperation.query} returns the document the operation runs.
     */
    @Test
    void shouldListOperationsByTypeAndStatusNewestFirstWithTheirDocument() throws Exception {
        client.admin("PUT", "/shops/" + SHOP + "/bulk", Map.of("linesPerSecond", 100));
        String path = stage(jsonl(List.of(line(items.get(0), 10, 10))));
        String named = SET.replace("mutation Set(", "mutation AtpSyncHardSync_abc_7(");
        String first = run(SET, path).at("/bulkOperation/id").asText();
        String second = run(named, path).at("/bulkOperation/id").asText();
        awaitStatus(first, "COMPLETED");
        awaitStatus(second, "COMPLETED");
        String list =
                "query List($q: String) { bulkOperations(first: 10, query: $q) { nodes { id status type query } } }";

        JsonNode mutations = client.graphql(V, TOKEN, list, Map.of("q", "operation_type:mutation"))
                .body()
                .at("/data/bulkOperations/nodes");
        JsonNode running = client.graphql(V, TOKEN, list, Map.of("q", "operation_type:mutation status:running"))
                .body()
                .at("/data/bulkOperations/nodes");

        assertThat(mutations).extracting(n -> n.path("id").asText()).containsSubsequence(second, first);
        assertThat(mutations.get(0).path("query").asText()).contains("AtpSyncHardSync_abc_7");
        assertThat(mutations)
                .allSatisfy(n -> assertThat(n.path("type").asText()).isEqualTo("MUTATION"));
        assertThat(running).isEmpty();
    }
}
