package io.atpsync.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a reset file at catalogue scale reaches Shopify: through a bulk hard sync ({@link ResetSettlement}). */
final class SettleOptions {

    @Option(
            names = "--settle-above",
            defaultValue = "10000",
            paramLabel = "ROWS",
            description = "A reset file of at least this many rows is applied without deltas and set in Shopify by one"
                    + " hard sync per shop (the bulk path), followed until done; 0 = every reset file,"
                    + " -1 = never (deltas). Default: ${DEFAULT-VALUE}")
    long above = 10_000;

    @Option(
            names = "--application-id",
            defaultValue = "${env:ATP_SYNC_APPLICATION_ID:-atp-sync}",
            description = "The Streams app's application.id, to wait until it has processed the file."
                    + " Default: ${DEFAULT-VALUE}")
    String applicationId = "atp-sync";

    @Option(
            names = "--streams-url",
            defaultValue = "${env:ATP_SYNC_STREAMS_URL:-http://127.0.0.1:18085}",
            description = "A Streams app instance, to follow the hard sync. Default: ${DEFAULT-VALUE}")
    String streamsUrl = "http://127.0.0.1:18085";

    @Option(
            names = "--settle-timeout",
            defaultValue = "PT2H",
            description = "How long to follow the settlement before giving up (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration timeout = Duration.ofHours(2);

    /** Whether a reset file of {@code rows} rows is settled by a hard sync. */
    boolean settles(InventoryFile.Mode mode, long rows) {
        return mode == InventoryFile.Mode.RESET && above >= 0 && rows >= above;
    }

    ResetSettlement settlement(KafkaOptions kafka, PrintWriter err) {
        return new ResetSettlement(kafka, err, applicationId, streamsUrl, timeout);
    }
}
