package io.atpsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Shopify: the Admin GraphQL API on Shopify's real schema ({@code POST /admin/api/{version}/graphql.json}, the
 * shop found by its access token) and an admin API under {@code /emulator} to seed shops, simulate orders, inject
 * faults and read levels and history. Embedded in tests ({@code new ShopifyEmulator(0)}) or run as a server
 * ({@link #main}).
 */
public final class ShopifyEmulator implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body separately; with Nagle on, every keep-alive request
        // after the first waits ~40 ms for the client's delayed ACK (JDK-6968351). Read once, before any server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final int DEFAULT_PORT = 18086;
    static final String INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";
    private static final Pattern GRAPHQL = Pattern.compile("/admin/api/([^/]+)/graphql\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final Map<String, Shop> shops = new ConcurrentHashMap<>();
    private final GraphQlEndpoint graphql = new GraphQlEndpoint();
    private final Webhooks webhooks = new Webhooks();
    private final AdminApi admin;

    /** Starts on 127.0.0.1:{@code port} (0 = a free port). */
    public ShopifyEmulator(int port) throws IOException {
        // a deep accept queue: the default (50 on Linux) reset connections under the chaos harness's order traffic
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(executor);
        admin = new AdminApi(this);
        server.createContext("/admin/api/", this::graphql);
        server.createContext("/admin/oauth/access_token", ex -> TokenEndpoint.grant(ex, shops.values()));
        server.createContext("/emulator", admin::handle);
        server.createContext("/bulk-results/", this::bulkResult);
        server.createContext("/staged-uploads/", ex -> StagedUploads.serve(ex, shops::get));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Loads shops from a seed (see {@code demo-shop.json}). */
    public void seed(Map<String, Object> seed) {
        ShopSeed.seed(this, seed);
    }

    /** Parses the schemas of every supported version now rather than on the first request. */
    public void warmUp() {
        ShopifySchema.VERSIONS.forEach(graphql::schema);
    }

    Shop createShop(String domain, Plan plan, String secret) {
        return shops.compute(domain, (d, existing) -> {
            if (existing != null) {
                throw new IllegalArgumentException("shop " + domain + " already exists");
            }
            return new Shop(domain, plan, secret, 1000L * (shops.size() + 1) * 1_000_000, webhooks::send);
        });
    }

    Optional<Shop> shop(String domain) {
        return Optional.ofNullable(shops.get(domain));
    }

    List<Shop> shops() {
        return List.copyOf(shops.values());
    }

    Webhooks webhooks() {
        return webhooks;
    }

    @SuppressWarnings("unchecked")
    private void graphql(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = GRAPHQL.matcher(ex.getRequestURI().getPath());
            if (!m.matches() || !ShopifySchema.supports(m.group(1))) {
                reply(ex, 404, Map.of("errors", "Not Found"), Map.of());
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, Map.of("errors", "Method Not Allowed"), Map.of());
                return;
            }
            String token = ex.getRequestHeaders().getFirst("X-Shopify-Access-Token");
            Optional<Shop> shop = token == null
                    ? Optional.empty()
                    : shops.values().stream()
                            .filter(s -> s.credentials.hasToken(token))
                            .findFirst();
            if (shop.isEmpty()) {
                unauthorized(ex);
                return;
            }
            Shop s = shop.get();
            s.stats.requests.incrementAndGet();
            Faults.Fault fault = s.faults.next();
            if (fault == Faults.Fault.ERROR_5XX) {
                s.stats.faults.incrementAndGet();
                int status = s.faults.errorStatus();
                reply(
                        ex,
                        status,
                        Map.of("errors", status == 503 ? "Service Unavailable" : "Internal Server Error"),
                        Map.of("Retry-After", Integer.toString(s.faults.retryAfterSeconds())));
                return;
            }
            Map<String, Object> request;
            try (InputStream in = ex.getRequestBody()) {
                request = JSON.readValue(in, Map.class);
            } catch (IOException e) {
                reply(
                        ex,
                        400,
                        Map.of("errors", "Bad Request: the body is not JSON (" + e.getMessage() + ")"),
                        Map.of());
                return;
            }
            if (String.valueOf(request.get("query")).strip().startsWith("mutation") && s.faults.revokeOnMutation()) {
                s.credentials.revokeToken(token);
                unauthorized(ex);
                return;
            }
            GraphQlEndpoint.Answer answer =
                    graphql.execute(s, s.credentials.token(token).orElseThrow().scopes(), m.group(1), request, url());
            if (String.valueOf(request.get("query")).contains("inventoryLevel(")) {
                afterLevelRead(s);
            }
            if (fault == Faults.Fault.TIMEOUT) {
                s.stats.faults.incrementAndGet();
                sleep(s.faults.timeoutDelayMillis());
            }
            if (fault == Faults.Fault.DROP) {
                s.stats.faults.incrementAndGet();
                byte[] body = JSON.writeValueAsBytes(answer.body());
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                OutputStream out = ex.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                // close the socket mid-body: the client sees the connection drop
                throw new IOException("dropped mid-response (injected fault)");
            }
            // Shopify names the version that served the call (shopify.dev, API versioning: X-Shopify-API-Version)
            Map<String, String> headers = new java.util.HashMap<>(answer.headers());
            headers.put("X-Shopify-API-Version", m.group(1));
            reply(ex, answer.status(), answer.body(), headers);
        } catch (IOException dropped) {
            // the exchange is closed without completing the body
        } catch (RuntimeException e) {
            reply(ex, 500, Map.of("errors", "Internal error in the emulator: " + e), Map.of());
        }
    }

    /** The {@code afterLevelReads} fault's next step, if any: an order ships and/or a new one is placed. */
    @SuppressWarnings("unchecked")
    private static void afterLevelRead(Shop s) {
        Map<String, Object> step = s.faults.afterLevelRead();
        if (step == null) {
            return;
        }
        if (step.get("fulfill") instanceof Number id) {
            s.sales.fulfill(id.longValue());
        }
        if (step.get("order") instanceof Map<?, ?> o) {
            Map<String, Object> order = (Map<String, Object>) o;
            s.sales.order(
                    ((Number) order.get("orderId")).longValue(),
                    "web",
                    null,
                    List.of(Map.of(
                            "sku",
                            order.get("sku"),
                            "quantity",
                            order.get("quantity"),
                            "locationId",
                            order.get("locationId"))));
        }
    }

    /** Shopify's answer to a token it does not (or no longer) know. */
    private static void unauthorized(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic Realm=\"Shopify API Authentication\"");
        reply(ex, 401, Map.of("errors", INVALID_TOKEN), Map.of());
    }

    /** A bulk operation's JSONL: {@code /bulk-results/{shop}/{n}.jsonl}, no credentials (a signed URL on Shopify). */
    private void bulkResult(HttpExchange ex) throws IOException {
        try (ex) {
            String[] parts = ex.getRequestURI()
                    .getPath()
                    .substring("/bulk-results/".length())
                    .split("/");
            Optional<byte[]> file = parts.length != 2 || !parts[1].endsWith(".jsonl")
                    ? Optional.empty()
                    : Optional.ofNullable(shops.get(parts[0]))
                            .flatMap(s -> s.bulk.file(parts[1].substring(0, parts[1].length() - 6)));
            if (file.isEmpty()) {
                reply(ex, 404, Map.of("errors", "Not Found"), Map.of());
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/jsonl");
            ex.sendResponseHeaders(200, file.get().length);
            ex.getResponseBody().write(file.get());
        }
    }

    /**
     * An admin answer written as it is serialised, in chunks: the adjustment history of a full-size chaos run did not
     * fit the emulator's heap as one byte array (OutOfMemoryError, and the caller waited for ever).
     */
    static void replyStreamed(HttpExchange ex, int status, Object body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, 0);
        try (OutputStream out = new java.io.BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
            JSON.writeValue(out, body);
        }
    }

    static void reply(HttpExchange ex, int status, Object body, Map<String, String> headers) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        webhooks.close();
    }

    /** {@code ShopifyEmulator [port] [seed.json]}: the demo shop when no seed is given. */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        ShopifyEmulator emulator = new ShopifyEmulator(args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT);
        Map<String, Object> seed;
        if (args.length > 1) {
            seed = JSON.readValue(Files.readString(Path.of(args[1])), Map.class);
        } else {
            try (InputStream in = ShopifyEmulator.class.getResourceAsStream("demo-shop.json")) {
                seed = JSON.readValue(in, Map.class);
            }
        }
        emulator.seed(seed);
        emulator.warmUp();
        System.out.println("Shopify emulator (Admin GraphQL " + ShopifySchema.VERSIONS
                + " on Shopify's real schema) listening on " + emulator.url() + "; shops "
                + emulator.shops().stream().map(s -> s.domain).toList());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-stop"));
        Thread.currentThread().join();
    }
}
