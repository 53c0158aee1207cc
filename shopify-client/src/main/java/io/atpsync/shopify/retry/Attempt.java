package io.atpsync.shopify.retry;

import java.util.List;

/**
 * What one call to Shopify came back with, reduced to what classification needs.
 *
 * @param httpStatus the HTTP status, or -1 when no response arrived
 * @param failure for no response: "timeout", "connection dropped", ...; else null
 * @param retryAfterMillis a Retry-After header, or -1
 * @param topLevelCodes {@code errors[].extensions.code} of the response
 * @param userErrorCodes {@code userErrors[].code} of the mutation payload
 */
public record Attempt(
        int httpStatus,
        String failure,
        long retryAfterMillis,
        List<String> topLevelCodes,
        List<String> userErrorCodes) {

    public Attempt {
        topLevelCodes = List.copyOf(topLevelCodes);
        userErrorCodes = List.copyOf(userErrorCodes);
    }

    public static Attempt noResponse(String failure) {
        return new Attempt(-1, failure, -1, List.of(), List.of());
    }
}
