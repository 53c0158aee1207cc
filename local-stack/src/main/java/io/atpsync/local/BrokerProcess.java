package io.atpsync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker + controller) as its own process, run from Maven Central jars:
 * storage is formatted once ({@code kafka.tools.StorageTool format}), then {@code kafka.Kafka server.properties} runs
 * on 127.0.0.1. Data survives a stop and start.
 *
 * @param port the client listener
 * @param controllerPort the KRaft controller listener
 * @param home data, logs, config and pid file live here
 * @param heap maximum heap, e.g. {@code 1g}
 */
public record BrokerProcess(int port, int controllerPort, Path home, String heap, Sasl sasl) {

    /**
     * A second client listener that requires SASL/PLAIN (SASL_PLAINTEXT), for testing the clients' security settings;
     * the PLAINTEXT listener stays for the harness.
     *
     * @param port the SASL_PLAINTEXT listener's port
     * @param users user name → password
     */
    public record Sasl(int port, Map<String, String> users) {
        @Override
        public String toString() {
            return "Sasl[port=" + port + ", users=" + users.keySet() + "]"; // passwords stay out of logs
        }
    }

    public BrokerProcess(int port, int controllerPort, Path home, String heap) {
        this(port, controllerPort, home, heap, null);
    }

    /** The SASL_PLAINTEXT listener's bootstrap address (null without one). */
    public String saslBootstrapServers() {
        return sasl == null ? null : Ports.HOST + ":" + sasl.port();
    }

    public static final int DEFAULT_PORT = 19092;
    public static final int DEFAULT_CONTROLLER_PORT = 19093;

    public String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    /** Formats storage on first use, starts the broker, and waits until it answers; returns the time taken. */
    public Duration start(Duration timeout) {
        long t0 = System.nanoTime();
        if (process().running().isPresent()) {
            throw new IllegalStateException(
                    "broker is already running (pid file " + process().pidFile() + ")");
        }
        Ports.requireFree(port, "Kafka broker listener", "--broker-port");
        Ports.requireFree(controllerPort, "Kafka controller listener", "--controller-port");
        if (sasl != null) {
            Ports.requireFree(sasl.port(), "Kafka SASL_PLAINTEXT listener", "the SASL port");
        }
        Path config = writeConfig();
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            format(config);
        }
        process().start();
        awaitReady(timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Stops the broker cleanly (SIGTERM lets it close its logs); returns whether one was running. */
    public boolean stop() {
        return process().stop(Duration.ofSeconds(60));
    }

    public boolean running() {
        return process().running().isPresent();
    }

    public JavaProcess process() {
        return new JavaProcess(
                "broker",
                "kafka.Kafka",
                List.of(home.resolve("server.properties").toString()),
                jvmOptions(),
                ProcessClasspath.kafka(),
                home.resolve("logs/broker.log"),
                home.resolve("broker.pid"));
    }

    private List<String> jvmOptions() {
        return List.of(
                "-Xms256m",
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dkafka.logs.dir=" + home.resolve("logs"),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    private Path writeConfig() {
        Properties p = new Properties();
        p.putAll(Map.of(
                "process.roles", "broker,controller",
                "node.id", "1",
                "controller.quorum.voters", "1@" + Ports.HOST + ":" + controllerPort,
                "listeners",
                        "PLAINTEXT://" + Ports.HOST + ":" + port + ",CONTROLLER://" + Ports.HOST + ":" + controllerPort,
                "advertised.listeners", "PLAINTEXT://" + Ports.HOST + ":" + port,
                "controller.listener.names", "CONTROLLER",
                "inter.broker.listener.name", "PLAINTEXT",
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs", dataDir().toString(),
                "num.partitions", "6"));
        if (sasl != null) {
            p.put("listeners", p.get("listeners") + ",SASL_PLAINTEXT://" + Ports.HOST + ":" + sasl.port());
            p.put(
                    "advertised.listeners",
                    p.get("advertised.listeners") + ",SASL_PLAINTEXT://" + Ports.HOST + ":" + sasl.port());
            p.put(
                    "listener.security.protocol.map",
                    p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
            p.put("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            sasl.users()
                    .forEach((user, password) -> jaas.append(" user_")
                            .append(user)
                            .append("=\"")
                            .append(password)
                            .append('"'));
            p.put(
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    jaas.append(';').toString());
        }
        // One broker: internal topics cannot have 3 replicas, or consumers and transactions silently stall.
        p.putAll(Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "6",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false"));
        Path file = home.resolve("server.properties");
        try {
            Files.createDirectories(dataDir());
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "written by atp-sync local-stack; edits are overwritten at the next start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    private void format(Path config) {
        JavaProcess formatter = new JavaProcess(
                "broker storage format",
                "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                jvmOptions(),
                ProcessClasspath.kafka(),
                home.resolve("logs/format.log"),
                home.resolve("format.pid"));
        ProcessHandle handle = formatter.start();
        try {
            handle.onExit().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            throw new IllegalStateException(
                    "formatting broker storage in " + dataDir() + " did not finish: " + formatter.logTail(20), e);
        }
        formatter.stop(Duration.ZERO);
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            throw new IllegalStateException(
                    "formatting broker storage in " + dataDir() + " failed:\n" + formatter.logTail(20));
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The admin client only once the port listens: before that it logs a warning per attempt.
        while (!Ports.listening(port)) {
            checkAlive(deadline, timeout);
            sleep(100);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                checkAlive(deadline, timeout);
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // keep polling until the deadline
                }
                sleep(100);
            }
        }
    }

    private void checkAlive(long deadline, Duration timeout) {
        if (process().running().isEmpty()) {
            throw new IllegalStateException("broker exited during start-up; last lines of "
                    + process().logFile() + ":\n" + process().logTail(40));
        }
        if (System.nanoTime() > deadline) {
            process().stop(Duration.ofSeconds(10));
            throw new IllegalStateException(
                    "broker not ready on " + bootstrapServers() + " after " + timeout.toSeconds() + " s; last lines of "
                            + process().logFile() + ":\n" + process().logTail(40));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
