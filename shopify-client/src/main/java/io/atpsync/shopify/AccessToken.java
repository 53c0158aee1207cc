package io.atpsync.shopify;

import java.io.IOException;

/**
 * The token of the shop: a static one, or one from the client-credentials grant, fetched again on a 401 (they expire
 * every 24 h). The token never appears in {@link #toString()}, logs or errors.
 */
public final class AccessToken {

    private final ShopifyHttp http;
    private final String tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final String grantSettings;
    private Secret current;

    /** A secret's holder: its {@code toString} never shows it. */
    private record Secret(String value) {
        @Override
        public String toString() {
            return "[hidden]";
        }
    }

    /**
     * A static {@code token}, or (with {@code clientId} and {@code clientSecret}) one from the client-credentials grant
     * at {@code tokenUrl}, fetched at the first call and again on a 401; {@code grantSettings} names where the caller
     * set the client id and secret (for the error when the shop refuses them).
     */
    public AccessToken(
            ShopifyHttp http,
            String tokenUrl,
            String clientId,
            String clientSecret,
            String token,
            String grantSettings) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.grantSettings = grantSettings;
        this.clientSecret = clientSecret == null ? null : new Secret(clientSecret);
        this.current = token == null ? null : new Secret(token);
    }

    /** A static token. */
    public static AccessToken of(ShopifyHttp http, String token) {
        return new AccessToken(http, null, null, null, token, "the token");
    }

    /** Where the client id and secret were set: what to check when the shop refuses the grant. */
    public String grantSettings() {
        return grantSettings;
    }

    public synchronized String value() throws IOException {
        if (current == null) {
            refresh();
        }
        return current.value();
    }

    /** Fetches a new token; false when the token is static and cannot be refreshed. */
    public synchronized boolean refresh() throws IOException {
        if (clientId == null) {
            return false;
        }
        current = new Secret(http.token(tokenUrl, clientId, clientSecret.value()));
        return true;
    }

    @Override
    public String toString() {
        return "AccessToken[" + (clientId == null ? "static" : "client-credentials " + clientId) + ", value hidden]";
    }
}
