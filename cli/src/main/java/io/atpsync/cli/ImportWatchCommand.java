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
import picocli.CommandLine.Spec;

/** {@code atp-sync import watch}: a drop folder, each file imported whole ({@link ImportCommand#importFile}). */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Watch a drop folder: each file matching --pattern is imported whole; good files move to processed/,",
            "bad ones to failed/ with NAME.errors.txt. Mode: "
                    + "--mode, else from the name (reset-*.csv / delta-*.csv)."
        })
final class ImportWatchCommand implements Callable<Integer> {
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

    @Mixin
    SettleOptions settle = new SettleOptions();

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
        out.println("watching " + inbox.toAbsolutePath() + " for " + pattern + (once ? " (once)" : "; Ctrl-C stops"));
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
                    ? ImportCommand.mode(mode)
                    : ImportCommand.mode(file.getFileName().toString().split("[-_.]")[0]);
        } catch (IllegalArgumentException e) {
            fail(
                    file,
                    List.of(file.getFileName() + ":1: cannot tell reset from delta: name it "
                            + "reset-*.csv or delta-*.csv, or pass --mode"),
                    1,
                    out);
            return;
        }
        ImportCommand.FileResult r = ImportCommand.importFile(
                kafka, file, m, Instant.now(), spec.commandLine().getErr(), maxSize, settle);
        if (r.problems().isEmpty()) {
            Files.move(
                    file, inbox.resolve("processed").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            out.printf(
                    "%s: published %d event(s) (%s) → processed/%n",
                    file.getFileName(), r.published(), m.name().toLowerCase());
            if (r.unsettled() != null) {
                out.printf("%s: published, but not in Shopify yet: %s%n", file.getFileName(), r.unsettled());
            }
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
