package io.atpsync.shopify.retry;

/** What to do after a call: the three meanings of an error, plus success and the per-item cases. */
public sealed interface Verdict {

    /** Applied: nothing went wrong. */
    record Applied() implements Verdict {}

    /** Shopify is busy or failed transiently: retry the same call (same idempotency key) after a wait. */
    record Retry(String cause, long retryAfterMillis) implements Verdict {}

    /** Some items are refused for good; the rest may be resubmitted without them. */
    record ItemErrors() implements Verdict {}

    /** A compare-and-swap lost a race: re-read those items and try again. */
    record Stale() implements Verdict {}

    /** The key's earlier attempt failed on Shopify's side: retry under a new, derived key. */
    record NewKey() implements Verdict {}

    /** The batch itself is refused (bad reason, key reused with other content, ...): dead-letter it whole. */
    record BatchRejected(String code) implements Verdict {}

    /** Stop the task: a human must fix credentials, scopes or the connector itself. */
    record Fatal(String reason) implements Verdict {}
}
