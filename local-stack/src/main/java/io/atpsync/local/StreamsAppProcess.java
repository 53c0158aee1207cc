package io.atpsync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The ATP Sync Streams app as its own process. This module does not link the app: the caller passes its main class and
 * classpath, so the runtime stays independent of what it runs.
 *
 * @param mainClass the app's main class
 * @param classpath the app's classpath
 * @param bootstrapServers the broker
 * @param registryUrl the schema registry
 * @param httpPort the app's HTTP API (interactive queries, health, metrics)
 * @param home config, state, logs and pid file live here
 * @param extraConfig more app settings (topic prefix, flush interval, ...)
 */
public record StreamsAppProcess(
        String mainClass,
        String classpath,
        String bootstrapServers,
        String registryUrl,
        int httpPort,
        Path home,
        java.util.Map<String, String> extraConfig) {

    public static final int DEFAULT_PORT = 18085;

    public String url() {
        return "http://" + Ports.HOST + ":" + httpPort;
    }

    public Duration start(Duration timeout) {
        long t0 = System.nanoTime();
        if (running()) {
            throw new IllegalStateException(
                    "streams app is already running (pid file " + process().pidFile() + ")");
        }
        Ports.requireFree(httpPort, "ATP Sync Streams app HTTP API", "--streams-port");
        writeConfig();
        process().start();
        HttpClient http = HttpClient.newHttpClient();
        process().awaitReady(url(), timeout, 200, () -> {
            try {
                return http.send(
                                        HttpRequest.newBuilder(URI.create(url() + "/health"))
                                                .timeout(Duration.ofSeconds(2))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    public boolean stop() {
        return process().stop(Duration.ofSeconds(40));
    }

    public boolean running() {
        return process().running().isPresent();
    }

    public JavaProcess process() {
        return new JavaProcess(
                "streams app",
                mainClass,
                List.of(home.resolve("app.properties").toString()),
                List.of(
                        "-Xms128m",
                        "-Xmx768m",
                        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.atpsync.schemas",
                        "-Dorg.slf4j.simpleLogger.showDateTime=true",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn"),
                classpath,
                home.resolve("logs/streams.log"),
                home.resolve("streams.pid"));
    }

    private void writeConfig() {
        Properties p = new Properties();
        p.put("application.id", "atp-sync");
        p.put("bootstrap.servers", bootstrapServers);
        p.put("schema.registry.url", registryUrl);
        p.put("state.dir", home.resolve("state").toString());
        p.put("atpsync.http.port", Integer.toString(httpPort));
        p.putAll(extraConfig);
        Path file = home.resolve("app.properties");
        try {
            Files.createDirectories(home);
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "written by atp-sync local-stack; edits are overwritten at the next start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
