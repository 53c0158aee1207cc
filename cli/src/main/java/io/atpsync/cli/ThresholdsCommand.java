package io.atpsync.cli;

import io.atpsync.schemas.ProductThreshold;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atp-sync thresholds import|export}: the merchandisers' spreadsheet, in and out. */
@Command(
        name = "thresholds",
        mixinStandardHelpOptions = true,
        description = "Import or export product thresholds.",
        subcommands = {ThresholdsCommand.Import.class, ThresholdsCommand.Export.class})
final class ThresholdsCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description =
                    "Import sku,threshold[,shopifyLocationId] (no location = every location). A whole file or nothing.")
    static final class Import implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            return ConfigCommand.importFile(kafka, spec, ConfigFile.of("thresholds", kafka.topics()), file);
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write the current thresholds as CSV (sku,threshold,shopifyLocationId) to standard output.")
    static final class Export implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Option(names = "--min", description = "Only thresholds of at least N.")
        Long min;

        @Option(names = "--location", description = "Only this location's thresholds (and the SKU-wide ones).")
        String location;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, ProductThreshold> latest =
                    CompactedTopic.latest(kafka, kafka.topics().thresholds());
            out.println("sku,threshold,shopifyLocationId");
            for (ProductThreshold t : latest.values()) {
                if ((min == null || t.getThreshold() >= min)
                        && (location == null
                                || t.getShopifyLocationId() == null
                                || location.equals(t.getShopifyLocationId()))) {
                    out.println(t.getSku() + "," + t.getThreshold() + ","
                            + (t.getShopifyLocationId() == null ? "" : t.getShopifyLocationId()));
                }
            }
            return 0;
        }
    }
}
