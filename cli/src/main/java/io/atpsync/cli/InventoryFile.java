package io.atpsync.cli;

import io.atpsync.schemas.EventType;
import io.atpsync.schemas.InventoryEvent;
import io.atpsync.streams.atp.EventRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An ERP inventory file: {@code facilityId,sku,quantity[,atp]} (reset: absolute counts) or
 * {@code facilityId,sku,qohDiff,atpDiff,type,reason} (delta), either with an optional {@code effectiveAt} column
 * (ISO-8601 instant: the row is held until then, future-dated stock). Every row is checked; event ids derive from the
 * file's checksum and line, so importing the same file twice changes nothing.
 */
final class InventoryFile {

    /** How the file's rows apply. */
    enum Mode {
        RESET,
        DELTA
    }

    /** Receives each valid event with its line. */
    interface Sink {
        void accept(long line, InventoryEvent event) throws Exception;
    }

    /** What a pass found: rows, the first problems (all counted). */
    record Summary(long rows, List<String> problems, long problemCount) {
        boolean valid() {
            return problemCount == 0;
        }
    }

    static final List<String> RESET_COLUMNS = List.of("facilityId", "sku", "quantity");
    static final List<String> DELTA_COLUMNS = List.of("facilityId", "sku", "qohDiff", "atpDiff", "type", "reason");

    /** The CSV dialect of every file the CLI imports: a header line, cells trimmed, empty lines skipped. */
    static final CSVFormat CSV = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();

    private InventoryFile() {}

    /** {@code NAME:LINE: not valid UTF-8 ...} for the first line that does not decode, if any. */
    static java.util.Optional<String> notUtf8(Path file) throws IOException {
        long bad = firstLineNotUtf8(file);
        return bad > 0
                ? java.util.Optional.of(file.getFileName() + ":" + bad + ": not valid UTF-8 (save the file as UTF-8)")
                : java.util.Optional.empty();
    }

    /** sha256 of the file, the stable part of every event id. */
    static String checksum(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Summary read(
            Path file, Mode mode, Instant asOf, String checksum, int maxProblems, Sink sink, LongConsumer progress)
            throws Exception {
        String name = file.getFileName().toString();
        java.util.Optional<String> notUtf8 = notUtf8(file);
        if (notUtf8.isPresent()) {
            return new Summary(0, List.of(notUtf8.get()), 1);
        }
        List<String> problems = new ArrayList<>();
        long[] count = {0, 0};
        Map<String, Long> seenKeys = mode == Mode.RESET ? new HashMap<>() : null;
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CSVFormat format = CSV;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder));
                CSVParser csv = CSVParser.parse(reader, format)) {
            List<String> header = csv.getHeaderNames();
            List<String> required = mode == Mode.RESET ? RESET_COLUMNS : DELTA_COLUMNS;
            if (!header.containsAll(required)) {
                problems.add(name + ":1: expected columns " + String.join(",", required)
                        + (mode == Mode.RESET ? "[,atp]" : "") + "[,effectiveAt] for a "
                        + mode.name().toLowerCase() + " file, found " + String.join(",", header));
                return new Summary(0, problems, 1);
            }
            try {
                for (CSVRecord row : csv) {
                    long line = csv.getCurrentLineNumber();
                    if (line % 10_000 == 0) {
                        progress.accept(row.getCharacterPosition());
                    }
                    Optional<String> problem;
                    InventoryEvent event = null;
                    try {
                        event = event(row, mode, asOf, checksum, line);
                        problem = EventRules.violation(event);
                        if (problem.isEmpty() && seenKeys != null) {
                            Long first = seenKeys.putIfAbsent(event.getFacilityId() + "|" + event.getSku(), line);
                            if (first != null) {
                                problem = Optional.of("facility " + event.getFacilityId() + " and sku " + event.getSku()
                                        + " are counted twice (first at line " + first + ")");
                            }
                        }
                    } catch (IllegalArgumentException e) {
                        problem = Optional.of(e.getMessage());
                    }
                    if (problem.isPresent()) {
                        if (problems.size() < maxProblems) {
                            problems.add(name + ":" + line + ": " + problem.get());
                        }
                        count[1]++;
                    } else {
                        count[0]++;
                        sink.accept(line, event);
                    }
                }
            } catch (UncheckedIOException e) {
                String why = e.getCause() instanceof CharacterCodingException
                        ? "not valid UTF-8"
                        : e.getCause().getMessage();
                problems.add(name + ":" + (csv.getCurrentLineNumber() + 1) + ": " + why);
                count[1]++;
            }
        }
        return new Summary(count[0], problems, count[1]);
    }

    /** The first line that is not valid UTF-8, or 0. The decoder reads ahead, so lines are checked one by one. */
    static long firstLineNotUtf8(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
            long number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b == -1) {
                    try {
                        decoder.reset().decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return number;
                    }
                    if (b == -1) {
                        return 0;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        }
    }

    private static InventoryEvent event(CSVRecord row, Mode mode, Instant asOf, String checksum, long line) {
        String facility = cell(row, "facilityId");
        String sku = cell(row, "sku");
        InventoryEvent.Builder e = InventoryEvent.newBuilder()
                .setEventId("import-" + checksum.substring(0, 16) + "-" + line)
                .setSource("FILE_IMPORT")
                .setSku(sku)
                .setFacilityId(facility)
                .setOccurredAt(asOf);
        if (mode == Mode.RESET) {
            e.setType(EventType.RESET).setSetQoh(number(row, "quantity"));
            String atp = row.isMapped("atp") ? cell(row, "atp") : "";
            e.setSetAtp(atp.isEmpty() ? null : number(row, "atp"));
        } else {
            String type = cell(row, "type");
            EventType t;
            try {
                t = EventType.valueOf(type);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("type '" + type + "' is not an event type");
            }
            e.setType(t)
                    .setQohDiff(number(row, "qohDiff"))
                    .setAtpDiff(number(row, "atpDiff"))
                    .setReason(cell(row, "reason").isEmpty() ? null : cell(row, "reason"));
        }
        if (row.isMapped("effectiveAt") && !cell(row, "effectiveAt").isEmpty()) {
            e.setEffectiveAt(ConfigFile.instant(row, "effectiveAt"));
        }
        return e.build();
    }

    private static String cell(CSVRecord row, String column) {
        if (!row.isSet(column)) {
            throw new IllegalArgumentException(
                    "column " + column + " is missing (the row has " + row.size() + " cells)");
        }
        String v = row.get(column);
        if (!v.isEmpty() && "=+@\t\r".indexOf(v.charAt(0)) >= 0) {
            throw new IllegalArgumentException(column + " '" + v + "' looks like a spreadsheet formula; refused");
        }
        return v;
    }

    private static long number(CSVRecord row, String column) {
        String v = cell(row, column);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + v + "' is not a whole number");
        }
    }
}
