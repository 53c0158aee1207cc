package io.atpsync.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.atpsync.schemas.ProductThreshold;
import io.atpsync.schemas.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atp-sync thresholds import|export}: the merchandisers' spreadsheet, in and out. */
@Command(name = "thresholds", mixinStandardHelpOptions = true, description = "Import or export product thresholds.",
        subcommands = {ThresholdsCommand.Import.class, ThresholdsCommand.Export.class})
final class ThresholdsCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import sku,threshold[,shopifyLocationId] (no location = every location). A whole file or nothing.")
    static final class Import implements Callable<Integer> {
        @Mixin KafkaOptions kafka;
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            return ConfigCommand.importFile(kafka, spec, ConfigFile.of("thresholds", kafka.topics()), file);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the current thresholds as CSV (sku,threshold,shopifyLocationId) to standard output.")
    static final class Export implements Callable<Integer> {
        @Mixin KafkaOptions kafka;
        @Spec CommandSpec spec;

        @Option(names = "--min", description = "Only thresholds of at least N.")
        Long min;

        @Option(names = "--location", description = "Only this location's thresholds (and the SKU-wide ones).")
        String location;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Topic<ProductThreshold> topic = kafka.topics().thresholds();
            Map<String, Object> c = new HashMap<>(kafka.clientConfigs());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "atp-sync-export-" + UUID.randomUUID());
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            Map<String, ProductThreshold> latest = new TreeMap<>();
            try (KafkaConsumer<String, ProductThreshold> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    topic.valueSerde(c).deserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                        .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                // read the compacted topic to its end: the latest record per key wins, a tombstone removes it
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                        if (r.value() == null) {
                            latest.remove(r.key());
                        } else {
                            latest.put(r.key(), r.value());
                        }
                    });
                }
            }
            out.println("sku,threshold,shopifyLocationId");
            for (ProductThreshold t : latest.values()) {
                if ((min == null || t.getThreshold() >= min)
                        && (location == null || t.getShopifyLocationId() == null || location.equals(t.getShopifyLocationId()))) {
                    out.println(t.getSku() + "," + t.getThreshold() + "," + (t.getShopifyLocationId() == null ? "" : t.getShopifyLocationId()));
                }
            }
            return 0;
        }
    }
}
