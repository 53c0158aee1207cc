package io.atpsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for tests: GraphQL calls with a token; admin calls through {@link EmulatorAdmin}. */
final class EmulatorClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final EmulatorAdmin admin;

    EmulatorClient(String url) {
        this.url = url;
        this.admin = new EmulatorAdmin(url);
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    Reply graphql(String version, String token, String query, Map<String, Object> variables) throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/admin/api/" + version + "/graphql.json"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Shopify-Access-Token", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r);
    }

    /** An admin call that must succeed (see {@link EmulatorAdmin}, the emulator's own client). */
    JsonNode admin(String method, String path, Object body) throws Exception {
        return admin.send(method, path, body);
    }
}
