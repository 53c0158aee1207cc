package io.atpsync.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shopify's idempotency for inventory mutations ({@code @idempotent(key:)}): a key used again with the same parameters
 * returns the first result without applying anything; with different parameters it is a userError. Used under the
 * shop's lock.
 */
final class IdempotencyKeys {

    private record Remembered(String parameters, Shop.MutationResult result) {}

    private final Map<String, Remembered> used = new LinkedHashMap<>();

    /** The result of the key's first use, or the mismatch error; empty when the key is new. */
    Optional<Shop.MutationResult> replay(String key, String parameters) {
        Remembered r = used.get(key);
        if (r == null) {
            return Optional.empty();
        }
        if (!r.parameters().equals(parameters)) {
            return Optional.of(new Shop.MutationResult(
                    null,
                    List.of(new Shop.UserError(
                            List.of("idempotencyKey"),
                            "The same idempotency key cannot be used with different parameters.",
                            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"))));
        }
        return Optional.of(r.result());
    }

    void remember(String key, String parameters, Shop.MutationResult result) {
        used.put(key, new Remembered(parameters, result));
    }
}
