package io.atpsync.sink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Shopify idempotency keys of a batch's calls: derived from what the call sends, so a retry sends the same key. */
final class IdempotencyKeys {

    private IdempotencyKeys() {}

    /**
     * A SET's key: the batch and what was read (a redelivery that reads the same levels sends the same call under the
     * same key), and how many keys Shopify refused with IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED (never reused).
     */
    static String setKey(String batchId, String read, int newKeys) {
        return batchId + "/" + digest(newKeys == 0 ? read : read + "#" + newKeys);
    }

    /** A key derived from the batch and what was set aside: the same retry derives the same key. */
    static String derived(String batchId, String what, List<BatchApplier.Refused> refused) {
        List<String> ids = refused.stream()
                .map(r -> r.change().getInventoryItemId())
                .sorted()
                .toList();
        return batchId + "/" + what + "-" + digest(String.join(",", ids));
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
