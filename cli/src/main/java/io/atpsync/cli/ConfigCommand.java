package io.atpsync.cli;

import io.atpsync.schemas.FacilityShare;
import io.atpsync.schemas.Kit;
import io.atpsync.schemas.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atp-sync config import KIND FILE.csv}: facilities, product-facility settings, location mappings, facility
 * shares; {@code config export facility-shares}.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Import and export configuration files.",
        subcommands = {ConfigCommand.Import.class, ConfigCommand.Export.class})
final class ConfigCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Import facilities (facilityId,name,type,sellsOnline), "
                        + "product-facility (sku,facilityId,safetyStock,allowOnline)",
                "location-mappings (shopifyLocationId,shop,facilityIds as a;b;c,queueFacilityId[,publish]),",
                "kits (kitSku,componentSku,quantity: one row per component)",
                "or facility-shares (facilityId,shop,percent,units; both empty = the remainder).",
                "A whole file or nothing."
            })
    static final class Import implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "KIND",
                description = "facilities, product-facility, location-mappings, facility-shares or kits")
        String kind;

        @Parameters(index = "1", paramLabel = "FILE", description = "The CSV file (UTF-8, with a header line).")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (kind.equals("thresholds")) {
                throw new IllegalArgumentException(
                        "thresholds have their own command: ./atp-sync thresholds import FILE.csv");
            }
            if (kind.equals("kits")) {
                List<String> problems = new ArrayList<>();
                List<Kit> kits = KitsFile.read(file, problems);
                return publish(kafka, spec, kafka.topics().kits(), "kit(s)", kits, problems, file);
            }
            if (kind.equals("facility-shares")) {
                @SuppressWarnings("unchecked")
                ConfigFile<FacilityShare> shares = (ConfigFile<FacilityShare>) ConfigFile.of(kind, kafka.topics());
                Collection<FacilityShare> published = CompactedTopic.latest(
                                kafka, kafka.topics().facilityShares())
                        .values();
                return importFile(
                        kafka,
                        spec,
                        shares,
                        file,
                        rows -> FacilityShareCheck.problems(file.getFileName().toString(), rows, published));
            }
            return importFile(kafka, spec, ConfigFile.of(kind, kafka.topics()), file);
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description =
                    "Write the current facility shares as CSV (facilityId,shop,percent,units) to standard output.")
    static final class Export implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KIND", description = "facility-shares")
        String kind;

        @Override
        public Integer call() {
            if (!kind.equals("facility-shares")) {
                throw new IllegalArgumentException("config export writes facility-shares; thresholds have their own"
                        + " command: ./atp-sync thresholds export");
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.println("facilityId,shop,percent,units");
            for (FacilityShare s : new java.util.TreeMap<>(
                            CompactedTopic.latest(kafka, kafka.topics().facilityShares()))
                    .values()) {
                out.println(s.getFacilityId() + "," + s.getShop() + "," + (s.getPercent() == null ? "" : s.getPercent())
                        + "," + (s.getUnits() == null ? "" : s.getUnits()));
            }
            return 0;
        }
    }

    static <V extends SpecificRecord> int importFile(
            KafkaOptions kafka, CommandSpec spec, ConfigFile<V> config, Path file) throws Exception {
        return importFile(kafka, spec, config, file, rows -> List.of());
    }

    /** {@code across}: problems of the rows taken together (checked once every row is). */
    static <V extends SpecificRecord> int importFile(
            KafkaOptions kafka,
            CommandSpec spec,
            ConfigFile<V> config,
            Path file,
            java.util.function.Function<List<V>, List<String>> across)
            throws Exception {
        List<V> records = new ArrayList<>();
        List<String> problems = new ArrayList<>(config.check(file, records));
        if (problems.isEmpty()) {
            problems.addAll(across.apply(records));
        }
        return publish(kafka, spec, config.topic, config.kind + " record(s)", records, problems, file);
    }

    /** Publishes {@code records} in one transaction, or (any problem) names each and publishes nothing. */
    private static <V extends SpecificRecord> int publish(
            KafkaOptions kafka,
            CommandSpec spec,
            Topic<V> topic,
            String noun,
            List<V> records,
            List<String> problems,
            Path file)
            throws Exception {
        if (!problems.isEmpty()) {
            problems.forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println(problems.size() + " problem(s) in " + file + "; nothing was published");
            return 1;
        }
        OneTransaction.publish(kafka.clientConfigs(), sender -> {
            records.forEach(r -> sender.send(topic, r));
            return records.size();
        });
        spec.commandLine()
                .getOut()
                .println("published " + records.size() + " " + noun + " to " + topic.name() + " in one transaction");
        return 0;
    }
}
