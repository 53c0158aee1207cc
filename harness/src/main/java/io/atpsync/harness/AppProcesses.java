package io.atpsync.harness;

import io.atpsync.local.StreamsAppProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/** Waiting on a Streams app process (RUNNING on {@code /health}, or gone) and clearing its state directory. */
final class AppProcesses {

    private AppProcesses() {}

    /** Waits until the app reports RUNNING; returns when (nanoTime). */
    static long awaitRunning(StreamsAppProcess app, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(app.url() + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"RUNNING\"")) {
                    return System.nanoTime();
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("B5: the Streams app did not reach RUNNING within " + timeout.toMinutes()
                + " min; log: " + app.process().logTail(20));
    }

    static void awaitGone(StreamsAppProcess app) throws InterruptedException {
        while (app.running()) {
            Thread.sleep(20);
        }
    }

    static void delete(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
