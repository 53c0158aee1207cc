package io.atpsync.streams.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.atpsync.streams.config.AdminToken;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Streams app's HTTP API: {@code GET /atp/{sku}} and {@code GET /atp/{sku}/{locationId}} (the location may also be
 * {@code ?location=}), {@code /history/{sku}[?location=]} (per-window variances), {@code /unmapped} (variances held for
 * SKUs the catalog lacks), {@code /targets?shop=S[&location=L]} (what Shopify should show: online ATP minus pending
 * Shopify orders, per key, for audits), {@code /hard-sync/{requestId}} (which partitions have cut over), {@code POST
 * /hard-sync} (requests one; needs {@code Authorization: Bearer} and the configured {@code atpsync.admin.token}),
 * {@code POST /webhooks/shopify} (the webhook bridge), {@code /health} (liveness), {@code /ready} (running, state
 * restored, inputs caught up), {@code /metrics} (Prometheus), {@code /system} (the dashboard's system page as JSON),
 * {@code /drift} (what the newest reconciliation of each location found drifted) and the dashboard itself at
 * {@code /dashboard/} ({@code /} redirects there). The JDK server: a handful of read-only endpoints do not justify a
 * web framework whose Jetty would clash with Kafka Connect's on the same classpath.
 */
public final class AtpHttpServer implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body separately; with Nagle on, every keep-alive request
        // after the first waits ~40 ms for the client's delayed ACK (JDK-6968351). Read once, before any server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    public AtpHttpServer(
            String host,
            int port,
            AtpQueries queries,
            Supplier<String> state,
            Supplier<String> metrics,
            WebhookBridge webhooks,
            Supplier<Map<String, Object>> system,
            Supplier<Map<String, Object>> ready,
            AdminToken admin,
            Supplier<HardSyncPublisher> hardSyncs,
            java.util.function.Function<String, Object> bulk)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(executor);
        server.createContext("/atp/", ex -> handle(ex, () -> atp(ex, queries)));
        server.createContext(
                "/history/",
                ex -> handle(ex, () -> {
                    String sku = URLDecoder.decode(
                            ex.getRequestURI().getRawPath().substring("/history/".length()), StandardCharsets.UTF_8);
                    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                    return new Reply(200, queries.history(sku, q.get("location"), "true".equals(q.get("local"))));
                }));
        server.createContext(
                "/targets",
                ex -> handle(ex, () -> {
                    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                    if (q.get("shop") == null) {
                        return new Reply(400, Map.of("error", "usage: GET /targets?shop=S[&location=L]"));
                    }
                    return new Reply(
                            200, queries.targets(q.get("shop"), q.get("location"), "true".equals(q.get("local"))));
                }));
        server.createContext(
                "/unmapped",
                ex -> handle(
                        ex,
                        () -> new Reply(
                                200,
                                queries.unmapped("true"
                                        .equals(query(ex.getRequestURI().getRawQuery())
                                                .get("local"))))));
        server.createContext(
                "/hard-sync/",
                ex -> handle(ex, () -> {
                    String id = URLDecoder.decode(
                            ex.getRequestURI().getRawPath().substring("/hard-sync/".length()), StandardCharsets.UTF_8);
                    if ("true".equals(query(ex.getRequestURI().getRawQuery()).get("local"))) {
                        return new Reply(200, queries.hardSync(id, true)); // this instance's partitions, for a peer
                    }
                    Map<String, Object> status = new java.util.LinkedHashMap<>();
                    status.put("requestId", id);
                    status.put("partitions", queries.hardSync(id, false));
                    status.put("bulk", bulk.apply(id)); // the sink's bulk operations, per location
                    return new Reply(200, status);
                }));
        server.createContext(
                "/hard-sync",
                ex -> respond(
                        ex,
                        () -> AdminPost.handle(
                                ex,
                                admin,
                                "POST /hard-sync {\"shop\":S[,\"locations\":[...]][,\"skus\":[...]]}; "
                                        + "GET /hard-sync/{requestId} for its progress",
                                (shop, body) -> hardSyncs
                                        .get()
                                        .request(
                                                shop,
                                                strings(body.get("locations")),
                                                strings(body.get("skus")),
                                                body.get("requestedBy") instanceof String by ? by : "http"))));
        // a reconciliation now (the Drift page's button): compares by bulk query and fixes only what drifted
        server.createContext(
                "/reconcile",
                ex -> respond(
                        ex,
                        () -> AdminPost.handle(
                                ex,
                                admin,
                                "POST /reconcile {\"shop\":S[,\"locations\":[...]]}; GET /hard-sync/{requestId}",
                                (shop, body) -> hardSyncs
                                        .get()
                                        .request(
                                                "reconcile-now-" + java.util.UUID.randomUUID(),
                                                shop,
                                                strings(body.get("locations")),
                                                List.of(),
                                                java.time.Instant.now(),
                                                "reconcile (requested)"))));
        server.createContext("/webhooks/shopify", ex -> {
            Reply reply;
            if (!ex.getRequestMethod().equals("POST")) {
                reply = new Reply(405, Map.of("error", "POST only"));
            } else if (webhooks == null) {
                reply = new Reply(404, Map.of("error", "the webhook bridge is off: set atpsync.webhook.secrets"));
            } else {
                WebhookBridge.Answer a = webhooks.handle(ex);
                reply = new Reply(a.status(), a.body());
            }
            byte[] body = JSON.writeValueAsBytes(reply.body());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext(
                "/health",
                ex -> handle(ex, () -> {
                    String s = state.get();
                    return new Reply(s.equals("RUNNING") || s.equals("REBALANCING") ? 200 : 503, Map.of("state", s));
                }));
        server.createContext(
                "/ready",
                ex -> handle(ex, () -> {
                    Map<String, Object> r = ready.get();
                    return new Reply(Boolean.TRUE.equals(r.get("ready")) ? 200 : 503, r);
                }));
        server.createContext("/system", ex -> handle(ex, () -> new Reply(200, system.get())));
        server.createContext(
                "/drift",
                ex -> handle(ex, () -> {
                    Object all = bulk.apply(null); // every hard sync's bulk progress, or {"error": why}
                    return all instanceof com.fasterxml.jackson.databind.JsonNode j
                            ? new Reply(200, io.atpsync.streams.ops.DriftReport.of(j))
                            : new Reply(502, all);
                }));
        server.createContext("/dashboard/", DashboardFiles::serve);
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/")) {
                DashboardFiles.send(
                        ex,
                        404,
                        "application/json",
                        JSON.writeValueAsBytes(Map.of(
                                "error",
                                "no such endpoint: " + ex.getRequestURI().getPath())));
                return;
            }
            ex.getResponseHeaders().set("Location", "/dashboard/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/metrics", ex -> {
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> list)) {
            throw new IllegalArgumentException("locations and skus must be arrays of strings");
        }
        return list.stream().map(String::valueOf).toList();
    }

    record Reply(int status, Object body) {}

    private interface Handler {
        Reply handle() throws Exception;
    }

    private static Reply atp(HttpExchange ex, AtpQueries queries) {
        String rest = ex.getRequestURI().getRawPath().substring("/atp/".length());
        int slash = rest.indexOf('/');
        String sku = URLDecoder.decode(slash < 0 ? rest : rest.substring(0, slash), StandardCharsets.UTF_8);
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        String location = slash < 0
                ? query.get("location")
                : URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        if (sku.isEmpty()) {
            return new Reply(400, Map.of("error", "usage: GET /atp/{sku} or /atp/{sku}/{shopifyLocationId}"));
        }
        List<Map<String, Object>> found = queries.forSku(sku, location, "true".equals(query.get("local")));
        if (found.isEmpty() && query.get("local") == null) {
            return new Reply(
                    404,
                    Map.of(
                            "error",
                            "no online ATP for sku " + sku + (location == null ? "" : " at " + location)
                                    + ": no mapped facility holds it, or no event has arrived"));
        }
        return new Reply(200, found);
    }

    private static void handle(HttpExchange ex, Handler handler) throws IOException {
        respond(
                ex,
                () -> ex.getRequestMethod().equals("GET")
                        ? handler.handle()
                        : new Reply(405, Map.of("error", "GET only")));
    }

    /** Any method: the handler decides. */
    private static void respond(HttpExchange ex, Handler handler) throws IOException {
        Reply reply;
        try {
            reply = handler.handle();
        } catch (IllegalArgumentException e) {
            reply = new Reply(400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (AtpQueries.Unavailable e) {
            reply = new Reply(503, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            reply = new Reply(500, Map.of("error", e.toString()));
        }
        byte[] body = JSON.writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
