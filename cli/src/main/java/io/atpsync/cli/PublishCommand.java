package io.atpsync.cli;

import io.atpsync.schemas.Topic;
import io.atpsync.schemas.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync publish}: JSON lines onto a contract topic. The whole file is validated against the topic's schema
 * first; any bad line publishes nothing. A valid file goes out in one transaction.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish a JSON-lines file to a contract topic, all or nothing.",
            "Plain JSON: unions as bare values, nullable fields may be omitted, enums as strings,",
            "timestamps as epoch millis or ISO-8601. Keys follow the topic's key rule."
        })
final class PublishCommand implements Callable<Integer> {

    private static final int MAX_PROBLEMS_SHOWN = 200;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-t", "--topic"},
            required = true,
            description = "Contract topic, e.g. inventory.events.")
    String topicName;

    @Option(
            names = {"-f", "--file"},
            required = true,
            description = "JSON-lines file, or - for standard input.")
    String file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topic<?> topic = kafka.topics()
                .byName(topicName)
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + topicName + "; contract topics: "
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
            summary = JsonLines.read(
                    in, name, topic.valueType(), MAX_PROBLEMS_SHOWN, (line, r) -> {}, validating::update);
        }
        validating.done();
        if (!summary.valid()) {
            summary.problems().forEach(err::println);
            if (summary.problemCount() > summary.problems().size()) {
                err.println("... and "
                        + (summary.problemCount() - summary.problems().size()) + " more");
            }
            err.println(
                    summary.problemCount() + " problem(s) in " + name + "; nothing was published to " + topic.name());
            return 1;
        }
        long t0 = System.nanoTime();
        long sent = publish(topic, path, name, new ProgressBar(err, "publishing", size));
        out.printf(
                "published %d record(s) from %s to %s in one transaction (%d ms)%n",
                sent, name, topic.name(), (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private <V extends SpecificRecord> long publish(Topic<V> topic, Path path, String name, ProgressBar progress)
            throws Exception {
        boolean control = topic.name().equals(kafka.topics().control().name());
        try {
            return OneTransaction.publish(kafka.clientConfigs(), sender -> {
                // The control topic has no key: a hard sync request goes to every partition (one ordered cut per task).
                int partitions = control ? sender.partitions(topic) : 0;
                long[] sent = {0};
                try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    JsonLines.read(
                            in,
                            name,
                            topic.valueType(),
                            0,
                            (line, record) -> {
                                if (control) {
                                    for (int p = 0; p < partitions; p++) {
                                        sender.send(topic, p, record);
                                    }
                                } else {
                                    sender.send(topic, record);
                                }
                                sent[0]++;
                            },
                            progress::update);
                }
                return sent[0];
            });
        } finally {
            progress.done();
        }
    }

    private static Path spool(InputStream in) throws IOException {
        Path tmp = Files.createTempFile("atp-sync-publish", ".jsonl");
        tmp.toFile().deleteOnExit();
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        return tmp;
    }
}
