package io.atpsync.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * A JSON-lines file read against one record type: blank lines are skipped, every other line must be one JSON object.
 * Problems are reported as {@code NAME:LINE: field: reason}.
 */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receives each valid record with its 1-based line number. */
    @FunctionalInterface
    public interface RecordSink<T> {
        void accept(long line, T record);
    }

    /** What a pass over the file found. */
    public record Summary(long records, List<String> problems, long problemCount) {
        public boolean valid() {
            return problemCount == 0;
        }
    }

    private JsonLines() {}

    /**
     * Reads every line; valid records go to {@code sink}, problems are collected (the first {@code maxProblems} kept
     * verbatim, all counted). {@code progress} gets the bytes read so far.
     */
    public static <T extends SpecificRecord> Summary read(
            BufferedReader in, String name, Class<T> type, int maxProblems, RecordSink<T> sink, LongConsumer progress) {
        List<String> problems = new ArrayList<>();
        long count = 0;
        long problemCount = 0;
        long line = 0;
        long bytes = 0;
        try {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                bytes += text.length() + 1;
                if (line % 1000 == 0) {
                    progress.accept(bytes);
                }
                if (text.isBlank()) {
                    continue;
                }
                List<String> lineProblems;
                T record = null;
                try {
                    JsonToAvro.Result<T> result = JsonToAvro.convert(JSON.readTree(text), type);
                    lineProblems = result.problems();
                    record = result.record();
                } catch (JsonProcessingException e) {
                    lineProblems = List.of("(line): not valid JSON: " + e.getOriginalMessage());
                }
                if (lineProblems.isEmpty()) {
                    count++;
                    sink.accept(line, record);
                } else {
                    for (String p : lineProblems) {
                        problemCount++;
                        if (problems.size() < maxProblems) {
                            problems.add(name + ":" + line + ": " + p);
                        }
                    }
                }
            }
            progress.accept(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " at line " + (line + 1) + ": " + e.getMessage(), e);
        }
        return new Summary(count, List.copyOf(problems), problemCount);
    }
}
