package io.atpsync.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import io.atpsync.schemas.Topic;
import io.atpsync.schemas.json.JsonLines;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync publish}: JSON lines onto a contract topic. The whole file is validated against the
 * topic's schema first; any bad line publishes nothing. A valid file goes out in one transaction.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish a JSON-lines file to a contract topic, all or nothing.",
            "Plain JSON: unions as bare values, nullable fields may be omitted, enums as strings,",
            "timestamps as epoch millis or ISO-8601. Keys follow the topic's key rule."})
final class PublishCommand implements Callable<Integer> {

    private static final int MAX_PROBLEMS_SHOWN = 200;

    @Mixin KafkaOptions kafka;
    @Spec CommandSpec spec;

    @Option(names = {"-t", "--topic"}, required = true, description = "Contract topic, e.g. inventory.events.")
    String topicName;

    @Option(names = {"-f", "--file"}, required = true, description = "JSON-lines file, or - for standard input.")
    String file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topic<?> topic = kafka.topics().byName(topicName).orElseThrow(() -> new IllegalArgumentException(
                "unknown topic " + topicName + "; contract topics: "
                        + kafka.topics().all().stream().map(Topic::name).toList()));
        Path path = file.equals("-") ? spool(System.in) : Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        String name = file.equals("-") ? "stdin" : file;
        long size = Files.size(path);

        ProgressBar validating = new ProgressBar(err, "validating", size);
        JsonLines.Summary summary;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            summary = JsonLines.read(in, name, topic.valueType(), MAX_PROBLEMS_SHOWN, (line, r) -> { }, validating::update);
        }
        validating.done();
        if (!summary.valid()) {
            summary.problems().forEach(err::println);
            if (summary.problemCount() > summary.problems().size()) {
                err.println("... and " + (summary.problemCount() - summary.problems().size()) + " more");
            }
            err.println(summary.problemCount() + " problem(s) in " + name + "; nothing was published to " + topic.name());
            return 1;
        }
        long t0 = System.nanoTime();
        long sent = publish(topic, path, name, new ProgressBar(err, "publishing", size));
        out.printf("published %d record(s) from %s to %s in one transaction (%d ms)%n", sent, name, topic.name(),
                (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private <V extends SpecificRecord> long publish(Topic<V> topic, Path path, String name, ProgressBar progress) throws IOException {
        Map<String, Object> configs = new HashMap<>(kafka.clientConfigs());
        configs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "atp-sync-publish-" + UUID.randomUUID());
        configs.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000");
        configs.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        configs.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Serializer<V> values = topic.valueSerde(configs).serializer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] sent = {0};
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(configs, new StringSerializer(), values);
             BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            producer.initTransactions();
            producer.beginTransaction();
            // The control topic has no key: a hard sync request goes to every partition (one ordered cut per task).
            int partitions = topic.name().equals(kafka.topics().control().name()) ? producer.partitionsFor(topic.name()).size() : 0;
            try {
                JsonLines.read(in, name, topic.valueType(), 0, (line, record) -> {
                    if (partitions > 0) {
                        for (int p = 0; p < partitions; p++) {
                            producer.send(new ProducerRecord<>(topic.name(), p, null, record), callback(failure, name, line));
                        }
                    } else {
                        producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(record), record), callback(failure, name, line));
                    }
                    sent[0]++;
                }, progress::update);
                producer.flush();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            if (failure.get() != null) {
                // Abort now: an open transaction would hold back read_committed consumers until it times out.
                producer.abortTransaction();
                throw new IllegalStateException("publishing failed, transaction aborted, nothing published: "
                        + failure.get().getMessage(), failure.get());
            }
            producer.commitTransaction();
        } finally {
            progress.done();
        }
        return sent[0];
    }

    private static org.apache.kafka.clients.producer.Callback callback(AtomicReference<Exception> failure, String name, long line) {
        return (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, new IllegalStateException(name + ":" + line + ": " + e.getMessage(), e));
            }
        };
    }

    private static Path spool(InputStream in) throws IOException {
        Path tmp = Files.createTempFile("atp-sync-publish", ".jsonl");
        tmp.toFile().deleteOnExit();
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }
}
