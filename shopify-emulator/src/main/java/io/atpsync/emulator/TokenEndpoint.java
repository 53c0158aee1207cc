package io.atpsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** {@code POST /admin/oauth/access_token}: Shopify's client-credentials grant for the shops' apps. */
final class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenEndpoint() {}

    /** The client-credentials grant: {client_id, client_secret, grant_type} → {access_token, scope, expires_in}. */
    @SuppressWarnings("unchecked")
    static void grant(HttpExchange ex, Collection<Shop> shops) throws IOException {
        try (ex;
                InputStream in = ex.getRequestBody()) {
            Map<String, Object> body = JSON.readValue(in, Map.class);
            String id = String.valueOf(body.get("client_id"));
            String secret = String.valueOf(body.get("client_secret"));
            for (Shop s : shops) {
                if (s.credentials.hasClient(id) && s.faults.failGrant()) {
                    s.stats.faults.incrementAndGet();
                    ShopifyEmulator.reply(ex, 503, Map.of("error", "service unavailable"), Map.of());
                    return;
                }
                Optional<Model.Token> t = s.credentials.grant(id, secret);
                if (t.isPresent()) {
                    ShopifyEmulator.reply(
                            ex,
                            200,
                            Map.of(
                                    "access_token",
                                    t.get().token(),
                                    "scope",
                                    String.join(",", t.get().scopes()),
                                    "expires_in",
                                    java.time.Duration.between(
                                                    java.time.Instant.now(),
                                                    t.get().expiresAt())
                                            .toSeconds()),
                            Map.of());
                    return;
                }
            }
            ShopifyEmulator.reply(
                    ex,
                    400,
                    Map.of("error", "invalid_client", "error_description", "Client authentication failed"),
                    Map.of());
        } catch (IOException | RuntimeException e) {
            ShopifyEmulator.reply(ex, 400, Map.of("error", "invalid_request"), Map.of());
        }
    }
}
