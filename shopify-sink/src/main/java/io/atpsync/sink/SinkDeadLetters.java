package io.atpsync.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.AdjustmentChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sink sends to Connect's dead-letter queue: a whole record it cannot read, or one change Shopify refused for
 * good (as JSON), each with the error code, message and batch id in headers. Offsets wait for the reports
 * ({@link #awaitReported()}), so nothing refused is lost.
 */
final class SinkDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(SinkDeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ErrantRecordReporter reporter;
    private final SinkMetrics metrics;
    private final List<Future<Void>> reported = new ArrayList<>();

    /** {@code reporter} null: no dead-letter queue is configured, and a refusal stops the task. */
    SinkDeadLetters(ErrantRecordReporter reporter, SinkMetrics metrics) {
        this.reporter = reporter;
        this.metrics = metrics;
    }

    /** One change of {@code batch} that Shopify refused: the DLQ gets just that change, as JSON. */
    void change(SinkRecord record, AdjustmentBatch batch, BatchApplier.Refused r) {
        AdjustmentChange c = r.change();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batchId", batch.getBatchId());
        body.put("shop", batch.getShop());
        body.put("shopifyLocationId", batch.getShopifyLocationId());
        body.put("kind", batch.getKind().name());
        body.put("sku", c.getSku());
        body.put("inventoryItemId", c.getInventoryItemId());
        body.put("quantity", c.getQuantity());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ConnectException("cannot write the dead-letter body of batch " + batch.getBatchId(), e);
        }
        // A new record (not newRecord, which keeps the original bytes).
        SinkRecord change = new SinkRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                Schema.BYTES_SCHEMA,
                json,
                record.kafkaOffset(),
                record.timestamp(),
                record.timestampType(),
                headers(record, r.code(), r.message(), batch.getBatchId()));
        report(change, r.code() + ": " + r.message());
    }

    /** A whole record, as it came. */
    void record(SinkRecord record, String code, String message, String batchId) {
        SinkRecord copy = new SinkRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                record.kafkaOffset(),
                record.timestamp(),
                record.timestampType(),
                headers(record, code, message, batchId));
        report(copy, code + ": " + message);
    }

    /** Waits until every report is in the DLQ: a dead-lettered change must be there before its offset is committed. */
    void awaitReported() {
        for (Future<Void> f : reported) {
            try {
                f.get();
            } catch (Exception e) {
                throw new ConnectException("could not write to the dead-letter queue: " + e.getMessage(), e);
            }
        }
        reported.clear();
    }

    private static ConnectHeaders headers(SinkRecord record, String code, String message, String batchId) {
        ConnectHeaders h = new ConnectHeaders();
        record.headers().forEach(h::add);
        h.addString(ShopifySinkTask.HEADER_CODE, code);
        h.addString(ShopifySinkTask.HEADER_MESSAGE, message);
        if (batchId != null) {
            h.addString(ShopifySinkTask.HEADER_BATCH, batchId);
        }
        return h;
    }

    private void report(SinkRecord record, String reason) {
        if (reporter == null) {
            throw new ConnectException(
                    "Shopify refused a change for good (" + reason + ") and no dead-letter queue is configured: "
                            + "set errors.tolerance=all and errors.deadletterqueue.topic.name so nothing is dropped");
        }
        LOG.warn("dead-lettering: {}", reason);
        metrics.deadLettered.record();
        reported.add(reporter.report(record, new ConnectException(reason)));
    }
}
