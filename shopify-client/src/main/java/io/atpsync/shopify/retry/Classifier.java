package io.atpsync.shopify.retry;

import java.util.List;
import java.util.Set;

/** Classifies a Shopify response (or its absence) into a {@link Verdict}. */
public final class Classifier {

    /** Per-item codes that no retry will fix. */
    public static final Set<String> ITEM_PERMANENT = Set.of(
            "INVALID_INVENTORY_ITEM",
            "INVALID_LOCATION",
            "ITEM_NOT_STOCKED_AT_LOCATION",
            "NON_MUTABLE_INVENTORY_ITEM",
            "INVALID_QUANTITY_TOO_HIGH",
            "INVALID_QUANTITY_TOO_LOW",
            "INVALID_QUANTITY_NEGATIVE",
            "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR");
    /** Codes that mean "try again, same key". */
    public static final Set<String> TRANSIENT = Set.of(
            "ADJUST_QUANTITIES_FAILED",
            "SERVICE_UNAVAILABLE",
            "IDEMPOTENCY_CONCURRENT_REQUEST",
            "THROTTLED",
            "INTERNAL_SERVER_ERROR");

    private Classifier() {}

    public static Verdict classify(Attempt a) {
        if (a.httpStatus() == -1) {
            return new Verdict.Retry(a.failure() == null ? "no response" : a.failure(), -1);
        }
        if (a.httpStatus() == 401) {
            return new Verdict.Fatal("HTTP 401: the access token is invalid or expired");
        }
        if (a.httpStatus() == 402 || a.httpStatus() == 423) {
            return new Verdict.Fatal("HTTP " + a.httpStatus() + ": the shop is "
                    + (a.httpStatus() == 402 ? "frozen (payment required)" : "locked"));
        }
        if (a.httpStatus() == 403) {
            return new Verdict.Fatal("HTTP 403: the app may not call this shop");
        }
        if (a.httpStatus() == 429) {
            return new Verdict.Retry("throttled (HTTP 429)", a.retryAfterMillis());
        }
        if (a.httpStatus() >= 500) {
            return new Verdict.Retry("HTTP " + a.httpStatus(), a.retryAfterMillis());
        }
        if (a.httpStatus() != 200) {
            return new Verdict.Fatal("HTTP " + a.httpStatus() + " from the Admin API");
        }
        List<String> top = a.topLevelCodes();
        if (top.contains("ACCESS_DENIED")) {
            // the caller names the scope from the reply (its message and requiredAccess); this is the fallback
            return new Verdict.Fatal("ACCESS_DENIED: the token lacks a scope this call needs");
        }
        if (top.contains("THROTTLED")) {
            return new Verdict.Retry("throttled", a.retryAfterMillis());
        }
        if (top.contains("INTERNAL_SERVER_ERROR") || top.contains("SERVICE_UNAVAILABLE")) {
            return new Verdict.Retry("Shopify internal error", a.retryAfterMillis());
        }
        if (top.contains("MAX_COST_EXCEEDED") || top.contains("MAX_INPUT_SIZE_EXCEEDED")) {
            return new Verdict.BatchRejected(top.get(0));
        }
        if (!top.isEmpty()) {
            return new Verdict.Fatal("the Admin API refused the request (" + String.join(", ", top)
                    + "): the connector and the API version disagree");
        }
        List<String> codes = a.userErrorCodes();
        if (codes.isEmpty()) {
            return new Verdict.Applied();
        }
        if (codes.stream().anyMatch(TRANSIENT::contains)) {
            return new Verdict.Retry(
                    codes.stream().filter(TRANSIENT::contains).findFirst().orElseThrow(), a.retryAfterMillis());
        }
        if (codes.contains("IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED")) {
            return new Verdict.NewKey();
        }
        if (codes.stream().allMatch(c -> ITEM_PERMANENT.contains(c) || c.equals("CHANGE_FROM_QUANTITY_STALE"))) {
            return codes.stream().allMatch(c -> c.equals("CHANGE_FROM_QUANTITY_STALE"))
                    ? new Verdict.Stale()
                    : new Verdict.ItemErrors();
        }
        return new Verdict.BatchRejected(codes.stream()
                .filter(c -> !ITEM_PERMANENT.contains(c))
                .findFirst()
                .orElseThrow());
    }
}
