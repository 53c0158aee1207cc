package io.atpsync.streams.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The dashboard's static files, served from the classpath ({@code dashboard/}): no CDN, nothing fetched. */
final class DashboardFiles {

    private DashboardFiles() {}

    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml");

    /** The charting library, from its webjar on the classpath (a dependency, not a copy in our sources). */
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";

    private static final Map<String, String> VENDOR =
            Map.of("vendor/uplot.js", UPLOT + "uPlot.iife.min.js", "vendor/uplot.css", UPLOT + "uPlot.min.css");

    private static String uplotVersion() {
        try (var in =
                DashboardFiles.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "1.6.30");
        } catch (IOException e) {
            return "1.6.30";
        }
    }

    /** The dashboard's static files, from the classpath ({@code dashboard/}). */
    static void serve(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/dashboard/".length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        byte[] body = null;
        String resource = VENDOR.getOrDefault(name, "/dashboard/" + name);
        if ((VENDOR.containsKey(name) || name.matches("[a-z0-9-]+\\.[a-z]+")) && TYPES.containsKey(ext)) {
            try (var in = DashboardFiles.class.getResourceAsStream(resource)) {
                body = in == null ? null : in.readAllBytes();
            }
        }
        if (body == null) {
            send(ex, 404, "text/plain", ("no such dashboard file: " + name).getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        send(ex, 200, TYPES.get(ext), body);
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
