package io.atpsync.schemas;

/** Record headers of {@code inventory.events} that the contract knows besides the InventoryEvent value. */
public final class EventHeaders {

    /**
     * An event applied without its own variance: the request id (UTF-8) of the hard sync that will set Shopify to the
     * result. A morning reset at catalogue scale carries it on every row, and {@code import inventory} requests that
     * hard sync (the bulk path) once the Streams app has processed the file, instead of a million deltas on the direct
     * path. Without the request the changes reach Shopify at the next reconciliation, or when the same file is imported
     * again (its events are duplicates then, and the request is sent again).
     */
    public static final String SETTLED_BY = "atp-sync-settled-by";

    /**
     * The id prefix of the hard sync that settles such a file: the sink writes it by bulk operations whatever its size
     * (a file this large is never worth the direct path's reads).
     */
    public static final String SETTLEMENT_PREFIX = "reset-";

    private EventHeaders() {}
}
