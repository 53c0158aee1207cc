package io.atpsync.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
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
        subcommands = {ImportCommand.Inventory.class, ImportCommand.Watch.class, ImportCommand.Shipments.class})
final class ImportCommand {

    private static final int MAX_PROBLEMS = 200;

    /** Result of one file: published rows, or the problems (nothing published). */
    record FileResult(long published, List<String> problems, long problemCount) {}

    /**
     * Validates the whole file, then publishes it in one transaction. Files above {@code maxBytes} are refused unread:
     * the transaction must finish within its 15-minute timeout (the default 512 MiB is about 28 million rows, about 6
     * minutes here).
     */
    static FileResult importFile(
            KafkaOptions kafka, Path file, InventoryFile.Mode mode, Instant asOf, PrintWriter err, long maxBytes)
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
        ProgressBar publishing = new ProgressBar(err, "publishing " + file.getFileName(), size);
        long sent = OneTransaction.publish(kafka.clientConfigs(), sender -> {
            InventoryFile.read(
                    file,
                    mode,
                    asOf,
                    checksum,
                    0,
                    (line, e) -> sender.send(kafka.topics().inventoryEvents(), e),
                    publishing::update);
            return check.rows();
        });
        publishing.done();
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

        @Override
        public Integer call() throws Exception {
            FileResult r = importFile(
                    kafka,
                    file,
                    mode(mode),
                    asOf == null ? Instant.now() : asOf,
                    spec.commandLine().getErr(),
                    maxSize);
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

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Watch a drop folder: each file matching --pattern is imported whole; good files move to processed/,",
                "bad ones to failed/ with NAME.errors.txt. Mode: "
                        + "--mode, else from the name (reset-*.csv / delta-*.csv)."
            })
    static final class Watch implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Spec
        CommandSpec spec;

        @Option(names = "--inbox", required = true, description = "The drop folder.")
        Path inbox;

        @Option(
                names = "--pattern",
                defaultValue = "*.csv",
                description = "Glob of files to import. Default: ${DEFAULT-VALUE}")
        String pattern;

        @Option(names = "--mode", description = "reset or delta for every file (default: from the file name).")
        String mode;

        @Option(
                names = "--max-size",
                defaultValue = "536870912",
                paramLabel = "BYTES",
                description = "Files larger than this go to failed/ unread. Default: 512 MiB")
        long maxSize;

        @Option(names = "--once", description = "Import what is there now and exit.")
        boolean once;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isDirectory(inbox)) {
                // A wrong path must not become a new, empty folder watched forever.
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "inbox " + inbox.toAbsolutePath() + " does not exist or is not a folder: check --inbox (the "
                                + "folder the ERP or the SFTP server drops files into)");
            }
            Files.createDirectories(inbox.resolve("processed"));
            Files.createDirectories(inbox.resolve("failed"));
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            out.println(
                    "watching " + inbox.toAbsolutePath() + " for " + pattern + (once ? " (once)" : "; Ctrl-C stops"));
            out.flush();
            long nextIdleNote = System.currentTimeMillis() + IDLE_NOTE_MS;
            do {
                List<Path> ready;
                try (Stream<Path> files = Files.list(inbox)) {
                    long settled = System.currentTimeMillis() - 1_000; // still being written? wait for the next round
                    ready = files.filter(Files::isRegularFile)
                            .filter(p -> matcher.matches(p.getFileName()))
                            .filter(p -> once || p.toFile().lastModified() < settled)
                            .sorted()
                            .toList();
                }
                for (Path file : ready) {
                    handle(file, out);
                }
                if (!once && ready.isEmpty() && System.currentTimeMillis() >= nextIdleNote) {
                    // A wrong pattern or path shows here instead of as silence.
                    out.println("still watching " + inbox.toAbsolutePath() + ": no file matches " + pattern + " ("
                            + others() + ")");
                    out.flush();
                    nextIdleNote = System.currentTimeMillis() + IDLE_NOTE_MS;
                } else if (!ready.isEmpty()) {
                    nextIdleNote = System.currentTimeMillis() + IDLE_NOTE_MS;
                }
                if (!once) {
                    Thread.sleep(1_000);
                }
            } while (!once);
            return 0;
        }

        private static final long IDLE_NOTE_MS = Long.getLong("atpsync.watch.idle.note.ms", 60_000);

        /** What else is in the inbox, for the idle note. */
        private String others() throws java.io.IOException {
            try (Stream<Path> files = Files.list(inbox)) {
                List<String> names = files.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .sorted()
                        .toList();
                return names.isEmpty() ? "the folder is empty" : names.size() + " other file(s), e.g. " + names.get(0);
            }
        }

        private void handle(Path file, PrintWriter out) throws Exception {
            InventoryFile.Mode m;
            try {
                m = mode != null
                        ? mode(mode)
                        : mode(file.getFileName().toString().split("[-_.]")[0]);
            } catch (IllegalArgumentException e) {
                fail(
                        file,
                        List.of(file.getFileName() + ":1: cannot tell reset from delta: name it "
                                + "reset-*.csv or delta-*.csv, or pass --mode"),
                        1,
                        out);
                return;
            }
            FileResult r =
                    importFile(kafka, file, m, Instant.now(), spec.commandLine().getErr(), maxSize);
            if (r.problems().isEmpty()) {
                Files.move(
                        file,
                        inbox.resolve("processed").resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
                out.printf(
                        "%s: published %d event(s) (%s) → processed/%n",
                        file.getFileName(), r.published(), m.name().toLowerCase());
            } else {
                fail(file, r.problems(), r.problemCount(), out);
            }
            out.flush();
        }

        private void fail(Path file, List<String> problems, long count, PrintWriter out) throws Exception {
            Path failed = inbox.resolve("failed");
            Files.move(file, failed.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            List<String> lines = new java.util.ArrayList<>(problems);
            if (count > problems.size()) {
                lines.add("... and " + (count - problems.size()) + " more");
            }
            lines.add(count + " problem(s); nothing was published");
            Files.write(failed.resolve(file.getFileName() + ".errors.txt"), lines);
            out.printf(
                    "%s: %d problem(s), nothing published → failed/ (see %s.errors.txt); first: %s%n",
                    file.getFileName(), count, file.getFileName(), problems.isEmpty() ? "?" : problems.get(0));
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
