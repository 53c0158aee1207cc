package io.atpsync.sink;

import java.io.IOException;

import org.apache.kafka.common.config.types.Password;

/**
 * The token of the shop: a static one, or one from the client-credentials grant, fetched again
 * on a 401 (they expire every 24 h). The token never appears in {@link #toString()}, logs or errors.
 */
final class AccessToken {

    private final ShopifyHttp http;
    private final String tokenUrl;
    private final String clientId;
    private final Password clientSecret;
    private Password current;

    AccessToken(ShopifySinkConfig config, ShopifyHttp http) {
        this.http = http;
        this.tokenUrl = config.tokenUrl();
        this.clientId = config.getString(ShopifySinkConfig.CLIENT_ID);
        this.clientSecret = config.getPassword(ShopifySinkConfig.CLIENT_SECRET);
        this.current = config.accessToken();
    }

    synchronized String value() throws IOException {
        if (current == null) {
            refresh();
        }
        return current.value();
    }

    /** Fetches a new token; false when the token is static and cannot be refreshed. */
    synchronized boolean refresh() throws IOException {
        if (clientId == null) {
            return false;
        }
        current = new Password(http.token(tokenUrl, clientId, clientSecret.value()));
        return true;
    }

    @Override
    public String toString() {
        return "AccessToken[" + (clientId == null ? "static" : "client-credentials " + clientId) + ", value hidden]";
    }
}
