package io.atpsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house style's limits: no Java source line over 120 characters, and no main source file over 300 lines (a longer
 * file is more than one concern: split it by what each part does). The formatter (Spotless with palantir-java-format,
 * checked in {@code verify}) wraps code at 120 but leaves long string literals, comments and text blocks as they are;
 * this names each line it cannot fix.
 */
class SourceLineLengthTest {

    static final int LIMIT = 120;
    static final int FILE_LIMIT = 300;

    @Test
    void shouldKeepEveryLineWithin120CharactersAndEveryMainFileWithin300Lines() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // the cli module runs its tests from its own folder
        List<String> tooLong = new ArrayList<>();
        List<String> tooBig = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/.atp-sync/"))
                    .toList()) {
                files++;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                if (f.toString().contains("/src/main/") && lines.size() > FILE_LIMIT) {
                    tooBig.add(root.relativize(f) + " (" + lines.size() + " lines)");
                }
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).length() > LIMIT) {
                        tooLong.add(root.relativize(f) + ":" + (i + 1) + " ("
                                + lines.get(i).length() + ")");
                    }
                }
            }
        }
        assertThat(files).as("Java sources found under %s", root).isGreaterThan(100);
        assertThat(tooLong).as("lines over %d characters", LIMIT).isEmpty();
        assertThat(tooBig).as("main source files over %d lines", FILE_LIMIT).isEmpty();
    }
}
