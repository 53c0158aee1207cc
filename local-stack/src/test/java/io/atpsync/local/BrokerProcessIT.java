package io.atpsync.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerProcessIT {

    @Test
    void shouldRefuseToStartWhenThePortIsTakenAndSaySo(@TempDir Path home) throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 0, InetAddress.getByName(Ports.HOST))) {
            BrokerProcess broker = new BrokerProcess(squatter.getLocalPort(), Ports.free(), home, "256m");

            assertThatThrownBy(() -> broker.start(Duration.ofSeconds(30)))
                    .hasMessageContaining("port " + squatter.getLocalPort())
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("--broker-port");
            assertThat(broker.running()).isFalse();
        }
    }

    @Test
    void shouldKeepTopicsAcrossAStopAndStart(@TempDir Path home) throws Exception {
        BrokerProcess broker = new BrokerProcess(Ports.free(), Ports.free(), home, "512m");
        try {
            broker.start(Duration.ofSeconds(90));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1)))
                        .all()
                        .get();
            }
            assertThat(broker.stop()).isTrue();
            assertThat(Ports.listening(broker.port())).isFalse();

            broker.start(Duration.ofSeconds(90));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        } finally {
            broker.stop();
        }
    }
}
