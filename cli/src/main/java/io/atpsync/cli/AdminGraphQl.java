package io.atpsync.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CLI's small Admin GraphQL client (audit, bulk imports): one call, retried while Shopify
 * throttles or answers 5xx, with errors that name the shop and never the token.
 */
final class AdminGraphQl {

    static final String VERSION = "2026-10";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 30;

    private final String shop;
    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminGraphQl(String shop, String baseUrl, String token) {
        this.shop = shop;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** The response's {@code data}; throws with Shopify's first error when there is no data. */
    JsonNode call(String query, Map<String, Object> variables) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        String last = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/api/" + VERSION + "/graphql.json"))
                        .header("X-Shopify-Access-Token", token).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = "unreachable: " + e.getMessage();
                Thread.sleep(1_000);
                continue;
            }
            if (r.statusCode() == 401) {
                throw new IllegalStateException("shop " + shop + ": the Admin API refused the token (HTTP 401)");
            }
            JsonNode json = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            if (json != null && !json.path("errors").toString().contains("THROTTLED")) {
                if (json.path("data").isMissingNode() || json.path("data").isNull()) {
                    throw new IllegalStateException("shop " + shop + ": " + json.path("errors").path(0).path("message").asText(r.body()));
                }
                return json.path("data");
            }
            last = "HTTP " + r.statusCode() + (json == null ? "" : " THROTTLED");
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("shop " + shop + ": still failing after " + ATTEMPTS + " attempts (" + last + ")");
    }

    /** Downloads a URL without credentials (a bulk operation's signed result URL) to a file. */
    void download(String url, java.nio.file.Path to) throws IOException, InterruptedException {
        HttpResponse<java.nio.file.Path> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(to));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("shop " + shop + ": downloading the bulk result answered HTTP " + r.statusCode());
        }
    }
}
