package io.atpsync.streams.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token that guards the HTTP endpoints which change state (a hard sync). Off when no token is configured:
 * those endpoints then refuse every request. The comparison hashes both sides and compares the digests with
 * {@link MessageDigest#isEqual}: constant time, length included.
 */
public final class AdminToken {

    /** What a request's Authorization header earns it. */
    public enum Verdict {
        OFF,
        DENIED,
        ALLOWED
    }

    private final byte[] expected;

    public AdminToken(String token) {
        this.expected = token == null || token.isBlank() ? null : sha256(token.trim());
    }

    public Verdict check(String authorization) {
        if (expected == null) {
            return Verdict.OFF;
        }
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : "";
        return MessageDigest.isEqual(sha256(given), expected) ? Verdict.ALLOWED : Verdict.DENIED;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return expected == null ? "AdminToken[off]" : "AdminToken[set, hidden]";
    }
}
