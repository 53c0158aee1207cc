package io.atpsync.sink;

import io.atpsync.schemas.AdjustmentBatch;
import io.atpsync.schemas.serde.AvroDeserializer;
import io.atpsync.shopify.ShopifyClient;
import io.atpsync.shopify.ShopifyHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps each record to an {@link AdjustmentBatch}, applies it, and reports what Shopify refused. {@code put} returns
 * only when every batch of the call is applied or dead-lettered, so Connect commits offsets only for those; after a
 * fatal error mid-put it commits the applied ones, then fails.
 */
public final class ShopifySinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(ShopifySinkTask.class);
    static final String HEADER_CODE = "atp.shopify.error.code";
    static final String HEADER_MESSAGE = "atp.shopify.error.message";
    static final String HEADER_BATCH = "atp.batch.id";

    private ShopifySinkConfig config;
    private BatchApplier applier;
    private AvroDeserializer<AdjustmentBatch> batches;
    private SinkDeadLetters deadLetters;
    private SinkMetrics metrics;
    private BulkHardSync bulk;
    /**
     * A fatal error met after some records of a put were applied: thrown at the next put, once their offsets are
     * committed.
     */
    private ConnectException fatal;
    /** Per partition, the first record the fatal put did not apply: what the next commit may cover. */
    private final Map<TopicPartition, OffsetAndMetadata> appliedUpTo = new java.util.HashMap<>();

    public ShopifySinkTask() {}

    /** For tests: a prepared applier. */
    ShopifySinkTask(BatchApplier applier) {
        this.applier = applier;
    }

    @Override
    public String version() {
        return ShopifySinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ShopifySinkConfig(props);
        batches = new AvroDeserializer<>(AdjustmentBatch.class, null);
        batches.configure(config.serdeConfigs(), false);
        metrics = new SinkMetrics(metricsOrNull(), config.shop());
        if (applier == null) {
            ShopifyHttp http = new ShopifyHttp(Duration.ofMillis(config.getInt(ShopifySinkConfig.REQUEST_TIMEOUT_MS)));
            applier = new BatchApplier(config, http, config.token(http), metrics);
        }
        deadLetters = new SinkDeadLetters(context == null ? null : errantReporter(), metrics);
        io.atpsync.sink.bulk.PostCutLedger ledger = new io.atpsync.sink.bulk.PostCutLedger();
        bulk = new BulkHardSync(
                config.getInt(ShopifySinkConfig.BULK_THRESHOLD),
                ledger,
                new BulkRun(applier, config.shop(), ledger, config.getLong(ShopifySinkConfig.BULK_POLL_MS)),
                metrics);
        SinkAlarms.watch(config.shop());
        checkScopes();
        LOG.info("Shopify sink task for {} via {} started (token hidden)", config.shop(), config.graphqlUrl());
    }

    /**
     * Fails the task at start when the token lacks a scope the sink needs; a shop that does not answer is checked by
     * the first call.
     */
    private void checkScopes() {
        List<String> missing;
        try {
            missing = applier.missingScopes();
        } catch (ShopifyClient.Fatal e) {
            SinkAlarms.fatal(config.shop(), e.getMessage());
            throw new ConnectException(e.getMessage());
        } catch (ShopifyClient.BudgetExhausted e) {
            LOG.warn(
                    "shop {}: could not read the token's scopes at start ({}); the first call will tell",
                    config.shop(),
                    e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!missing.isEmpty()) {
            String message = "shop " + config.shop() + ": token lacks " + String.join(", ", missing)
                    + "; grant the app these scopes and restart the task";
            SinkAlarms.fatal(config.shop(), message);
            throw new ConnectException(message);
        }
    }

    private org.apache.kafka.common.metrics.PluginMetrics metricsOrNull() {
        try {
            return context == null ? null : context.pluginMetrics();
        } catch (UnsupportedOperationException | NoSuchMethodError e) {
            return null;
        }
    }

    private ErrantRecordReporter errantReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (fatal != null) {
            throw fatal;
        }
        settleBulk();
        List<SinkRecord> done = new ArrayList<>();
        for (SinkRecord record : records) {
            AdjustmentBatch batch;
            try {
                if (!(record.value() instanceof byte[] bytes)) {
                    throw new SerializationException("value is "
                            + (record.value() == null
                                    ? "null"
                                    : record.value().getClass().getName())
                            + ", not bytes: configure "
                            + "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
                }
                batch = batches.deserialize(record.topic(), bytes);
            } catch (SerializationException e) {
                deadLetters.record(record, "UNREADABLE_BATCH", e.getMessage(), null);
                done.add(record);
                continue;
            }
            if (config.writtenElsewhere(batch.getShop())) {
                done.add(record); // another connector (one per shop) writes it
                continue;
            }
            if (!batch.getShop().equals(config.shop())) {
                deadLetters.record(
                        record,
                        "WRONG_SHOP",
                        "batch " + batch.getBatchId() + " is for " + batch.getShop() + ", this connector writes to "
                                + config.shop(),
                        batch.getBatchId());
                done.add(record);
                continue;
            }
            if (bulk.offer(record, batch)) {
                done.add(record); // taken by the bulk path: its offset is held until the location is written
                continue;
            }
            boolean live = batch.getKind() == io.atpsync.schemas.AdjustmentKind.ADJUST;
            if (live) {
                bulk.sending(batch);
            }
            BatchApplier.Outcome outcome;
            try {
                outcome = applier.apply(batch);
            } catch (ShopifyClient.BudgetExhausted e) {
                LOG.warn("{}; Connect will redeliver batch {}", e.getMessage(), batch.getBatchId());
                context.timeout(5_000);
                throw new RetriableException(e.getMessage(), e);
            } catch (ShopifyClient.Fatal e) {
                SinkAlarms.fatal(config.shop(), e.getMessage());
                ConnectException failure = new ConnectException(e.getMessage() + " (batch " + batch.getBatchId()
                        + " not applied; fix it and restart the task)");
                if (done.isEmpty()) {
                    throw failure;
                }
                stopAfter(done, records, failure);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("interrupted while applying batch " + batch.getBatchId(), e);
            }
            if (live) {
                bulk.applied(batch, outcome);
            }
            if (outcome.batchRejected()) {
                deadLetters.record(
                        record,
                        "BATCH_REJECTED",
                        "batch " + batch.getBatchId() + ": " + outcome.rejection(),
                        batch.getBatchId());
            }
            for (BatchApplier.Refused r : outcome.refused()) {
                deadLetters.change(record, batch, r);
            }
            done.add(record);
        }
        settleBulk();
    }

    /**
     * Starts the bulk hard syncs that are ready and settles the finished ones on this thread; a Shopify budget
     * exhausted leaves them for the next put.
     */
    private void settleBulk() {
        try {
            bulk.poll(applier::apply, deadLetters::change);
        } catch (ShopifyClient.BudgetExhausted e) {
            LOG.warn("{}; the bulk hard sync's direct writes are tried again at the next delivery", e.getMessage());
        } catch (ShopifyClient.Fatal e) {
            SinkAlarms.fatal(config.shop(), e.getMessage());
            throw new ConnectException(e.getMessage() + " (bulk hard sync; fix it and restart the task)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while settling a bulk hard sync", e);
        }
    }

    /**
     * A fatal error after {@code done} were applied: Connect commits a put's offsets only when it returns, so failing
     * now would send those batches again after the fix (harmless to Shopify, which knows their idempotency keys, but
     * the restart would redo work and the offsets would lie about it). Instead this put returns, the partitions rewind
     * to their first unapplied record, a commit is requested (covering only what was applied, see {@link #preCommit}),
     * and the next put fails the task.
     */
    private void stopAfter(List<SinkRecord> done, Collection<SinkRecord> records, ConnectException failure) {
        java.util.Set<SinkRecord> applied = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        applied.addAll(done);
        Map<TopicPartition, Long> rewind = new java.util.HashMap<>();
        for (SinkRecord r : records) {
            if (!applied.contains(r)) {
                rewind.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset(), Math::min);
            }
        }
        rewind.forEach((tp, offset) -> appliedUpTo.put(tp, new OffsetAndMetadata(offset)));
        LOG.error(
                "{}; {} batches of this delivery were applied, their offsets are committed before the task stops at {}",
                failure.getMessage(),
                done.size(),
                rewind);
        fatal = failure;
        context.offset(rewind);
        context.requestCommit();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        deadLetters.awaitReported();
        Map<TopicPartition, OffsetAndMetadata> held = bulk == null ? currentOffsets : bulk.cap(currentOffsets);
        if (appliedUpTo.isEmpty()) {
            return held;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>(held);
        appliedUpTo.forEach(
                (tp, o) -> offsets.computeIfPresent(tp, (k, current) -> current.offset() > o.offset() ? o : current));
        appliedUpTo.clear();
        return offsets;
    }

    @Override
    public void stop() {
        if (bulk != null) {
            bulk.close();
        }
        if (batches != null) {
            batches.close();
        }
    }
}
