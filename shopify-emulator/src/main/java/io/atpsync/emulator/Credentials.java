package io.atpsync.emulator;

import io.atpsync.emulator.Model.Token;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One shop's access tokens (admin-made, or granted to a client-credentials app with their expiry) and its apps. */
final class Credentials {

    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, Model.Client> clients = new LinkedHashMap<>();

    synchronized void addToken(String token, List<String> scopes) {
        tokens.put(token, new Token(token, List.copyOf(scopes), null));
    }

    synchronized void addClient(String clientId, String secret, List<String> scopes, long ttlSeconds) {
        clients.put(clientId, new Model.Client(clientId, secret, List.copyOf(scopes), ttlSeconds));
    }

    /** Whether this shop has the client-credentials app {@code clientId}. */
    synchronized boolean hasClient(String clientId) {
        return clients.containsKey(clientId);
    }

    /** The client-credentials grant: a new token valid for the client's TTL, or empty for bad credentials. */
    synchronized Optional<Token> grant(String clientId, String secret) {
        Model.Client c = clients.get(clientId);
        if (c == null || !c.secret().equals(secret)) {
            return Optional.empty();
        }
        Token t = new Token(
                "shpca_" + java.util.UUID.randomUUID().toString().replace("-", ""),
                c.scopes(),
                Instant.now().plusSeconds(c.ttlSeconds()));
        tokens.put(t.token(), t);
        return Optional.of(t);
    }

    /** Makes every token of this shop expire now (as a 24 h client-credentials token would). */
    synchronized void expireTokens() {
        tokens.replaceAll(
                (k, t) -> new Token(t.token(), t.scopes(), Instant.now().minusSeconds(1)));
    }

    synchronized void revokeToken(String token) {
        tokens.remove(token);
    }

    synchronized Optional<Token> token(String token) {
        return Optional.ofNullable(tokens.get(token)).filter(t -> t.valid(Instant.now()));
    }

    synchronized boolean hasToken(String token) {
        return token(token).isPresent();
    }
}
