package io.atpsync.streams.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.atpsync.streams.config.AdminToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The state-changing endpoints' shared part ({@code POST /hard-sync}, {@code POST /reconcile}). */
final class AdminPost {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminPost() {}

    /** What a state-changing POST does with its shop and JSON body, once the admin token is checked. */
    interface Action {
        Object apply(String shop, Map<?, ?> body) throws Exception;
    }

    /** A state-changing POST: the admin token, a JSON body with a shop, then {@code action}'s answer as 202. */
    static AtpHttpServer.Reply handle(HttpExchange ex, AdminToken admin, String usage, Action action) throws Exception {
        if (!ex.getRequestMethod().equals("POST")) {
            return new AtpHttpServer.Reply(405, Map.of("error", usage));
        }
        switch (admin.check(ex.getRequestHeaders().getFirst("Authorization"))) {
            case OFF:
                return new AtpHttpServer.Reply(
                        403, Map.of("error", "state-changing endpoints are off: set atpsync.admin.token"));
            case DENIED:
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                return new AtpHttpServer.Reply(
                        401, Map.of("error", "missing or wrong admin token (Authorization: Bearer ...)"));
            default:
                break;
        }
        Map<?, ?> body;
        try (InputStream in = ex.getRequestBody()) {
            body = JSON.readValue(in.readNBytes(64 * 1024), Map.class);
        } catch (IOException e) {
            return new AtpHttpServer.Reply(400, Map.of("error", "the body is not JSON: " + e.getMessage()));
        }
        if (!(body.get("shop") instanceof String shop) || shop.isBlank()) {
            return new AtpHttpServer.Reply(
                    400, Map.of("error", "\"shop\" is required, e.g. {\"shop\":\"acme.myshopify.com\"}"));
        }
        return new AtpHttpServer.Reply(202, action.apply(shop, body));
    }
}
