package io.atpsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atpsync.schemas.Topic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atp-sync consume}: read a contract topic as JSON lines (committed records only), for SREs and support. */
@Command(
        name = "consume",
        mixinStandardHelpOptions = true,
        description = {
            "Print records of a contract topic as JSON lines (read_committed, from the beginning by default).",
            "For a dead-letter topic (*.dlq): each record's reason headers and value."
        })
final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-t", "--topic"},
            required = true,
            description = "Contract topic, e.g. atp.adjustments.")
    String topicName;

    @Option(
            names = "--max",
            defaultValue = "100",
            description = "Stop after this many records. Default: ${DEFAULT-VALUE}")
    int max;

    @Option(
            names = "--idle",
            defaultValue = "5",
            description = "Stop after this many seconds without a record. Default: ${DEFAULT-VALUE}")
    int idleSeconds;

    @Option(names = "--latest", description = "Only records written from now on.")
    boolean latest;

    @Override
    public Integer call() {
        if (kafka.topics().dlqs().contains(topicName)) {
            return consumeDeadLetters();
        }
        Topic<?> topic = kafka.topics()
                .byName(topicName)
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + topicName + "; contract topics: "
                        + kafka.topics().all().stream().map(Topic::name).toList() + ", dead-letter topics: "
                        + kafka.topics().dlqs()));
        return consume(topic);
    }

    /** A DLQ: the reason headers, and the value as text where it is text. */
    private int consumeDeadLetters() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> c = consumerConfig();
        int read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topicName));
            long idleSince = System.nanoTime();
            while (read < max
                    && System.nanoTime() - idleSince
                            < Duration.ofSeconds(idleSeconds).toNanos()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    StringBuilder headers = new StringBuilder();
                    r.headers().forEach(h -> {
                        if (!h.key().endsWith("stacktrace")) {
                            headers.append("\n  ")
                                    .append(h.key())
                                    .append(": ")
                                    .append(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    });
                    String value = r.value() == null
                            ? "null"
                            : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                                    .replaceAll("[^\\x20-\\x7e]", ".");
                    out.printf(
                            "partition %d offset %d key %s%s%n  value: %s%n",
                            r.partition(), r.offset(), r.key(), headers, value);
                    idleSince = System.nanoTime();
                    if (++read >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(kafka.clientConfigs());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "atp-sync-consume-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, latest ? "latest" : "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return c;
    }

    private <V extends SpecificRecord> int consume(Topic<V> topic) {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> c = consumerConfig();
        int read = 0;
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), topic.valueSerde(c).deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long idleSince = System.nanoTime();
            while (read < max
                    && System.nanoTime() - idleSince
                            < Duration.ofSeconds(idleSeconds).toNanos()) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(300))) {
                    out.println(line(r.partition(), r.offset(), r.key(), r.value()));
                    idleSince = System.nanoTime();
                    if (++read >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record as a JSON line, written by Jackson (a key with a quote stays valid JSON); the value is the Avro
     * record's JSON form, or its text when that is not JSON.
     */
    static String line(int partition, long offset, String key, Object value) {
        ObjectNode line = JSON.createObjectNode();
        line.put("partition", partition);
        line.put("offset", offset);
        line.put("key", key);
        if (value == null) {
            line.putNull("value");
        } else {
            try {
                line.set("value", JSON.readTree(value.toString()));
            } catch (JsonProcessingException notJson) {
                line.put("value", value.toString());
            }
        }
        return line.toString();
    }
}
