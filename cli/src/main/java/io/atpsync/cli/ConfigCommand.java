package io.atpsync.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atp-sync config import KIND FILE.csv}: facilities, product-facility settings, location mappings. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Import configuration files.",
        subcommands = ConfigCommand.Import.class)
final class ConfigCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import facilities (facilityId,name,type,sellsOnline), "
                        + "product-facility (sku,facilityId,safetyStock,allowOnline)",
                "or location-mappings (shopifyLocationId,shop,facilityIds "
                        + "as a;b;c,queueFacilityId). A whole file or nothing."
            })
    static final class Import implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KIND", description = "facilities, product-facility or location-mappings")
        String kind;

        @Parameters(index = "1", paramLabel = "FILE", description = "The CSV file (UTF-8, with a header line).")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (kind.equals("thresholds")) {
                throw new IllegalArgumentException(
                        "thresholds have their own command: ./atp-sync thresholds import FILE.csv");
            }
            return importFile(kafka, spec, ConfigFile.of(kind, kafka.topics()), file);
        }
    }

    static <V extends SpecificRecord> int importFile(
            KafkaOptions kafka, CommandSpec spec, ConfigFile<V> config, Path file) throws Exception {
        List<V> records = new ArrayList<>();
        List<String> problems = config.check(file, records);
        if (!problems.isEmpty()) {
            problems.forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println(problems.size() + " problem(s) in " + file + "; nothing was published");
            return 1;
        }
        OneTransaction.publish(kafka.clientConfigs(), sender -> {
            records.forEach(r -> sender.send(config.topic, r));
            return records.size();
        });
        spec.commandLine()
                .getOut()
                .println("published " + records.size() + " " + config.kind + " record(s) to " + config.topic.name()
                        + " in one transaction");
        return 0;
    }
}
