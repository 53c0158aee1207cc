package io.atpsync.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A Connect worker process in each mode, on a broker process, with the built Shopify sink on its plugin path. */
class ConnectWorkerProcessIT {

    @TempDir
    static Path home;

    static BrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        broker = new BrokerProcess(Ports.free(), Ports.free(), home.resolve("broker"), "512m");
        broker.start(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @ParameterizedTest
    @EnumSource(ConnectWorkerProcess.Mode.class)
    void shouldStartAnswerAndStopCleanly(ConnectWorkerProcess.Mode mode) throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins-" + mode));
        ConnectWorkerProcess worker = new ConnectWorkerProcess(
                mode, broker.bootstrapServers(), Ports.free(), plugins, home.resolve("connect-" + mode), List.of());
        try {
            Duration ready = worker.start(Duration.ofSeconds(90));
            System.out.printf("connect %s ready in %d ms%n", mode, ready.toMillis());

            assertThat(worker.get("/")).contains("\"version\":\"4.3.1\"");
            assertThat(worker.get("/connectors")).isEqualTo("[]");
            assertThat(Files.readString(home.resolve("connect-" + mode).resolve("worker.properties")))
                    .contains("plugin.path=" + plugins.toString().replace(":", "\\:"))
                    .contains("consumer.isolation.level=read_committed");
        } finally {
            assertThat(worker.stop()).isTrue();
        }
        assertThat(Ports.listening(worker.restPort())).isFalse();
    }
}
