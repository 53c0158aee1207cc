package io.atpsync.cli;

import io.atpsync.schemas.EventHeaders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atp-sync import}: ERP inventory files onto {@code inventory.events}, a whole file or nothing. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import ERP files into the contract topics.",
        subcommands = {ImportCommand.Inventory.class, ImportWatchCommand.class, ImportCommand.Shipments.class})
final class ImportCommand {

    private static final int MAX_PROBLEMS = 200;

    /**
     * Result of one file: published rows, or the problems (nothing published); {@code unsettled} says why a published
     * reset has not reached Shopify yet (null when it has, or was not to be settled).
     */
    record FileResult(long published, List<String> problems, long problemCount, String unsettled) {
        FileResult(long published, List<String> problems, long problemCount) {
            this(published, problems, problemCount, null);
        }
    }

    /**
     * Validates the whole file, then publishes it in one transaction. Files above {@code maxBytes} are refused unread:
     * the transaction must finish within its 15-minute timeout (the default 512 MiB is about 28 million rows, about 6
     * minutes here).
     */
    static FileResult importFile(
            KafkaOptions kafka,
            Path file,
            InventoryFile.Mode mode,
            Instant asOf,
            PrintWriter err,
            long maxBytes,
            SettleOptions settle)
            throws Exception {
        long size = Files.size(file);
        if (size > maxBytes) {
            return new FileResult(
                    0,
                    List.of(file.getFileName() + ": " + mib(size) + " is more than the " + mib(maxBytes) + " limit "
                            + "(--max-size): split the file, or raise the limit if "
                            + "one transaction can publish it within 15 minutes"),
                    1);
        }
        String checksum = InventoryFile.checksum(file);
        ProgressBar validating = new ProgressBar(err, "validating " + file.getFileName(), size);
        InventoryFile.Summary check =
                InventoryFile.read(file, mode, asOf, checksum, MAX_PROBLEMS, (line, e) -> {}, validating::update);
        validating.done();
        if (!check.valid()) {
            return new FileResult(0, check.problems(), check.problemCount());
        }
        boolean settled = settle.settles(mode, check.rows());
        String requestId = ResetSettlement.requestId(checksum);
        byte[] header = requestId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<TopicPartition, Long> last = new ConcurrentHashMap<>();
        ProgressBar publishing = new ProgressBar(err, "publishing " + file.getFileName(), size);
        long sent = OneTransaction.publish(
                kafka.clientConfigs(),
                sender -> {
                    InventoryFile.read(
                            file,
                            mode,
                            asOf,
                            checksum,
                            0,
                            (line, e) -> {
                                if (settled) {
                                    sender.send(kafka.topics().inventoryEvents(), e, EventHeaders.SETTLED_BY, header);
                                } else {
                                    sender.send(kafka.topics().inventoryEvents(), e);
                                }
                            },
                            publishing::update);
                    return check.rows();
                },
                (tp, offset) -> last.merge(tp, offset, Math::max));
        publishing.done();
        if (settled) {
            try {
                settle.settlement(kafka, err).settle(requestId, last, sent);
            } catch (Exception e) {
                return new FileResult(sent, List.of(), 0, e.getMessage());
            }
        }
        return new FileResult(sent, List.of(), 0);
    }

    private static String mib(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30)) : (bytes >> 20) + " MiB";
    }

    @Command(
            name = "inventory",
            mixinStandardHelpOptions = true,
            description = {
                "Import one ERP inventory file. Reset: facilityId,sku,quantity[,atp] (absolute, as of --as-of).",
                "Delta: facilityId,sku,qohDiff,atpDiff,type,reason. Any "
                        + "bad row: nothing is published and every bad line is named.",
                "Re-importing the same file changes nothing (event ids derive from its checksum and line)."
            })
    static final class Inventory implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The CSV file (UTF-8, with a header line).")
        Path file;

        @Option(names = "--mode", required = true, description = "reset or delta.")
        String mode;

        @Option(
                names = "--max-size",
                defaultValue = "536870912",
                paramLabel = "BYTES",
                description = "Refuse larger files (one transaction must publish "
                        + "the file within 15 minutes). Default: 512 MiB")
        long maxSize;

        @Option(names = "--as-of", description = "When a reset's counts were taken (ISO-8601). Default: now.")
        Instant asOf;

        @Mixin
        SettleOptions settle = new SettleOptions();

        @Override
        public Integer call() throws Exception {
            FileResult r = importFile(
                    kafka,
                    file,
                    mode(mode),
                    asOf == null ? Instant.now() : asOf,
                    spec.commandLine().getErr(),
                    maxSize,
                    settle);
            if (!r.problems().isEmpty()) {
                r.problems().forEach(spec.commandLine().getErr()::println);
                spec.commandLine()
                        .getErr()
                        .println(r.problemCount() + " problem(s) in " + file + "; nothing was published");
                return 1;
            }
            spec.commandLine()
                    .getOut()
                    .println("published " + r.published() + " event(s) from " + file + " in one transaction");
            if (r.unsettled() != null) {
                spec.commandLine().getErr().println("published, but not in Shopify yet: " + r.unsettled());
                return 3;
            }
            return 0;
        }
    }

    @Command(
            name = "shipments",
            mixinStandardHelpOptions = true,
            description = {
                "Record expected inbound shipments (transfer orders on their "
                        + "way): shipmentId,facilityId,sku,quantity[,expectedAt].",
                "They show as 'incoming' in the ATP breakdown and are not counted; "
                        + "./atp-sync receive turns them into TRANSFER_RECEIPT events.",
                "A whole file or nothing, like every import."
            })
    static final class Shipments implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The CSV file (UTF-8, with a header line).")
        Path file;

        @Override
        public Integer call() throws Exception {
            return ConfigCommand.importFile(kafka, spec, ConfigFile.of("shipments", kafka.topics()), file);
        }
    }

    static InventoryFile.Mode mode(String mode) {
        return switch (mode.toLowerCase()) {
            case "reset" -> InventoryFile.Mode.RESET;
            case "delta" -> InventoryFile.Mode.DELTA;
            default -> throw new IllegalArgumentException("--mode must be reset or delta, was " + mode);
        };
    }
}
