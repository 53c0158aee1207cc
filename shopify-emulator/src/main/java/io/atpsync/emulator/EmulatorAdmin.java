package io.atpsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The client of the emulator's admin API (everything under {@code /emulator}; see {@link AdminApi}): seeding shops,
 * placing and cancelling orders, faults, levels. The one client tests, the harness and the demo use.
 *
 * <p>A connection the server resets or closes before answering is tried again (up to {@link #CONNECTION_TRIES} times,
 * 0.2 s, 0.4 s, ... apart): the JDK server under load resets connections, or closes a kept-alive one as the client
 * reuses it. A resent request is safe: the emulator refuses a second order with the same id and a second cancel, a
 * second fulfil finds nothing open, and the other calls set state rather than add to it.
 */
public final class EmulatorAdmin {

    /** Tries of a call whose connection failed before an answer. */
    public static final int CONNECTION_TRIES = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;
    private final Duration timeout;

    /**
     * The emulator at {@code url} (its root, e.g. {@code http://127.0.0.1:18086}); a hung call fails after
     * {@code timeout}.
     */
    public EmulatorAdmin(String url, Duration timeout) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
    }

    public EmulatorAdmin(String url) {
        this(url, Duration.ofSeconds(30));
    }

    /** An answer as it came: status and body (a JSON error object for a refused call). */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The calls of one shop: paths under {@code /emulator/shops/{domain}}. */
    public Shop shop(String domain) {
        return new Shop(this, "/shops/" + domain);
    }

    /** The scopes the sink needs of a shop's token (inventory, locations, products, orders, fulfillment orders). */
    public static final List<String> SINK_SCOPES = List.of(
            "read_inventory",
            "write_inventory",
            "read_locations",
            "read_products",
            "read_orders",
            "read_merchant_managed_fulfillment_orders");

    /** Adds a shop on the Standard plan with one token of {@link #SINK_SCOPES}; returns it. */
    public Shop createShop(String domain, String webhookSecret, String token) throws IOException, InterruptedException {
        post(
                "/shops",
                Map.of(
                        "domain",
                        domain,
                        "plan",
                        "STANDARD",
                        "webhookSecret",
                        webhookSecret,
                        "tokens",
                        List.of(Map.of("token", token, "scopes", SINK_SCOPES))));
        return shop(domain);
    }

    /** GET {@code /emulator}{@code path}; fails on any answer but 2xx, naming the call and the emulator's reason. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    /** Any call that must succeed: fails on any answer but 2xx, naming the call and the emulator's reason. */
    public JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        Reply r = call(method, path, body);
        if (!r.ok()) {
            throw new IllegalStateException(
                    "emulator " + method + " /emulator" + path + " answered HTTP " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** Any call, its answer returned whatever the status (for callers that expect a refusal). */
    public Reply call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/emulator" + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
            } catch (HttpTimeoutException e) {
                throw e; // a hung server: trying again would only hold the caller longer
            } catch (IOException e) {
                if (attempt >= CONNECTION_TRIES) {
                    throw new IOException(method + " " + request.uri() + " failed " + attempt + " times: " + e, e);
                }
                Thread.sleep(200L << (attempt - 1));
            }
        }
    }

    /** One shop's admin calls; {@code path} is under the shop ("" for the shop itself: its stats, plan and tokens). */
    public static final class Shop {
        private final EmulatorAdmin admin;
        private final String prefix;

        private Shop(EmulatorAdmin admin, String prefix) {
            this.admin = admin;
            this.prefix = prefix;
        }

        public JsonNode get(String path) throws IOException, InterruptedException {
            return admin.get(prefix + path);
        }

        public JsonNode post(String path, Object body) throws IOException, InterruptedException {
            return admin.post(prefix + path, body);
        }

        public JsonNode put(String path, Object body) throws IOException, InterruptedException {
            return admin.put(prefix + path, body);
        }

        public Reply call(String method, String path, Object body) throws IOException, InterruptedException {
            return admin.call(method, prefix + path, body);
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }
}
