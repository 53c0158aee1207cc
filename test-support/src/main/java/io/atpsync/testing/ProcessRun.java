package io.atpsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An external program run to its end (npm, node): its exit code and its output, stdout and stderr together. The output
 * goes to a file while it runs, so a talkative program never blocks on a full pipe.
 */
public record ProcessRun(int exit, String output) {

    /** Runs {@code command} in {@code dir}; an {@link AssertionError} naming it if it outlasts {@code timeout}. */
    public static ProcessRun of(Path dir, Duration timeout, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("process-run-", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds()
                        + " s; its output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new ProcessRun(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
