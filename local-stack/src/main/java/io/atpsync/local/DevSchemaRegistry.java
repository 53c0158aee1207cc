package io.atpsync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A development schema registry: the subset of the Confluent Schema Registry REST API that serdes and common tools use,
 * in memory, Avro only, enforcing BACKWARD compatibility by default. It is a stand-in for local runs and tests, not
 * Confluent Schema Registry: point production at a real registry. Endpoints: {@code /subjects},
 * {@code /subjects/{s}[/versions[/{v|latest}]]}, {@code /schemas/ids/{id}[/schema]}, {@code /schemas/types},
 * {@code /config[/{s}]}, {@code /compatibility/subjects/{s}/versions/{v|latest}}.
 */
public final class DevSchemaRegistry implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body separately; with Nagle on, every keep-alive request
        // after the first waits ~40 ms for the client's delayed ACK (JDK-6968351). Read once, before any server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public static final int DEFAULT_PORT = 18081;
    static final String BANNER =
            "DEVELOPMENT schema registry (in memory, Avro only, Confluent REST subset; not for production)";

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBJECT_VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)(/schema)?");
    private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern SCHEMA_ID = Pattern.compile("/schemas/ids/(\\d+)(/schema)?");
    private static final Pattern CONFIG = Pattern.compile("/config(?:/([^/]+))?");
    private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/([^/]+)");

    private final SchemaStore store;
    private final HttpServer server;

    /** A response: status and JSON body. */
    private record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply error(int status, int code, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error_code", code);
            body.put("message", message);
            return new Reply(status, body);
        }
    }

    /** Starts on 127.0.0.1:{@code port} (0 = any free port), in memory only. */
    public DevSchemaRegistry(int port) throws IOException {
        this(port, null);
    }

    /**
     * As {@link #DevSchemaRegistry(int)}, keeping its schemas in {@code journal} across restarts (null = memory only).
     */
    public DevSchemaRegistry(int port, Path journal) throws IOException {
        this.store = journal == null ? new SchemaStore() : new SchemaStore(journal);
        if (port != 0) {
            Ports.requireFree(port, "development schema registry", "--registry-port");
        }
        server = HttpServer.create(new InetSocketAddress(Ports.HOST, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://" + Ports.HOST + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Runs the registry as its own process: {@code DevSchemaRegistry [port [journal-file]]}. */
    public static void main(String[] args) throws Exception {
        DevSchemaRegistry registry = new DevSchemaRegistry(
                args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT, args.length > 1 ? Path.of(args[1]) : null);
        System.out.println(BANNER + " listening on " + registry.url());
        Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "registry-stop"));
        Thread.currentThread().join();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            String path = exchange.getRequestURI().getRawPath();
            String decoded = java.net.URLDecoder.decode(path, StandardCharsets.UTF_8);
            reply = route(
                    exchange.getRequestMethod(),
                    decoded.length() > 1 && decoded.endsWith("/")
                            ? decoded.substring(0, decoded.length() - 1)
                            : decoded,
                    read(exchange.getRequestBody()));
        } catch (IllegalArgumentException e) {
            reply = Reply.error(422, 42201, e.getMessage());
        } catch (RuntimeException e) {
            reply = Reply.error(500, 50001, "Error in the backend data store: " + e);
        }
        byte[] body = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply route(String method, String path, String body) {
        Matcher m;
        if (path.equals("/") || path.isEmpty()) {
            return Reply.ok(Map.of());
        }
        if (path.equals("/subjects") && method.equals("GET")) {
            return Reply.ok(store.subjects());
        }
        if (path.equals("/schemas/types")) {
            return Reply.ok(List.of("AVRO"));
        }
        if ((m = SCHEMA_ID.matcher(path)).matches()) {
            int id = Integer.parseInt(m.group(1));
            Optional<Schema> schema = store.byId(id);
            if (schema.isEmpty()) {
                return Reply.error(404, 40403, "Schema " + id + " not found");
            }
            return m.group(2) != null
                    ? Reply.ok(readJson(schema.get().toString()))
                    : Reply.ok(Map.of("schema", schema.get().toString()));
        }
        if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
            String subject = m.group(1);
            boolean rawSchema = m.group(3) != null;
            return version(subject, m.group(2))
                    .map(v -> rawSchema ? Reply.ok(readJson(v.schema().toString())) : Reply.ok(describe(v)))
                    .orElseGet(() -> notFound(subject));
        }
        if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
            String subject = m.group(1);
            if (method.equals("POST")) {
                try {
                    return Reply.ok(
                            Map.of("id", store.register(subject, schemaOf(body)).id()));
                } catch (SchemaStore.IncompatibleSchemaException e) {
                    return Reply.error(409, 409, e.getMessage());
                }
            }
            List<SchemaStore.Version> versions = store.versions(subject);
            return versions.isEmpty()
                    ? notFound(subject)
                    : Reply.ok(
                            versions.stream().map(SchemaStore.Version::version).toList());
        }
        if ((m = SUBJECT.matcher(path)).matches()) {
            String subject = m.group(1);
            if (method.equals("DELETE")) {
                List<SchemaStore.Version> removed = store.delete(subject);
                return removed.isEmpty()
                        ? notFound(subject)
                        : Reply.ok(removed.stream()
                                .map(SchemaStore.Version::version)
                                .toList());
            }
            if (store.versions(subject).isEmpty()) {
                return notFound(subject);
            }
            return store.lookup(subject, schemaOf(body))
                    .map(v -> Reply.ok(describe(v)))
                    .orElseGet(() -> Reply.error(404, 40403, "Schema not found"));
        }
        if ((m = CONFIG.matcher(path)).matches()) {
            String subject = m.group(1);
            if (method.equals("PUT")) {
                String level = readJson(body).path("compatibility").asText("");
                if (!SchemaStore.LEVELS.contains(level)) {
                    return Reply.error(
                            422, 42203, "Invalid compatibility level " + level + "; valid: " + SchemaStore.LEVELS);
                }
                store.setLevel(subject, level);
                return Reply.ok(Map.of("compatibility", level));
            }
            return Reply.ok(Map.of("compatibilityLevel", store.level(subject)));
        }
        if ((m = COMPATIBILITY.matcher(path)).matches()) {
            String subject = m.group(1);
            Optional<SchemaStore.Version> against = version(subject, m.group(2));
            if (against.isEmpty()) {
                return notFound(subject);
            }
            return Reply.ok(Map.of("is_compatible", store.compatible(subject, schemaOf(body), against.get())));
        }
        return Reply.error(
                404, 404, "HTTP 404 Not Found: " + method + " " + path + " is not served by the development registry");
    }

    private Optional<SchemaStore.Version> version(String subject, String version) {
        List<SchemaStore.Version> versions = store.versions(subject);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        if (version.equals("latest") || version.equals("-1")) {
            return Optional.of(versions.get(versions.size() - 1));
        }
        int wanted = Integer.parseInt(version);
        return versions.stream().filter(v -> v.version() == wanted).findFirst();
    }

    private static Reply notFound(String subject) {
        return Reply.error(404, 40401, "Subject '" + subject + "' not found.");
    }

    private static Map<String, Object> describe(SchemaStore.Version v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", v.subject());
        out.put("version", v.version());
        out.put("id", v.id());
        out.put("schema", v.schema().toString());
        return out;
    }

    private static Schema schemaOf(String body) {
        JsonNode json = readJson(body);
        String type = json.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new IllegalArgumentException("the development registry serves AVRO only, not " + type);
        }
        if (!json.hasNonNull("schema")) {
            throw new IllegalArgumentException("Invalid schema: the request has no \"schema\" field");
        }
        try {
            return new Schema.Parser().parse(json.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException("Invalid schema: " + e.getMessage());
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid JSON: " + e.getMessage());
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
