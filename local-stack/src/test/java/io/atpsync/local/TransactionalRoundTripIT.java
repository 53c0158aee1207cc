package io.atpsync.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.atpsync.testing.KafkaBroker;
import io.atpsync.testing.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Both real brokers of ATP Sync (in-JVM test kit and the broker process) do exactly-once round trips. */
@ExtendWith(KafkaBrokerExtension.class)
class TransactionalRoundTripIT {

    private static final int RECORDS = 100_000;

    @Test
    void shouldRoundTripOneHundredThousandRecordsTransactionallyOnTheTestBroker(KafkaBroker kafka) {
        String topic = kafka.createTopic("round-trip", 3);

        TransactionalRoundTrip.Result result = TransactionalRoundTrip.run(kafka.bootstrapServers(), topic, RECORDS);

        System.out.printf("test broker (%s): %s%n", kafka.mode(), result);
        assertThat(result.read()).isEqualTo(RECORDS);
        assertThat(result.valueSum()).isEqualTo(TransactionalRoundTrip.expectedSum(RECORDS));
        assertThat(result.abortedSeen()).isZero();
    }

    @Test
    void shouldRoundTripOneHundredThousandRecordsTransactionallyOnTheBrokerProcess(@TempDir Path home)
            throws Exception {
        BrokerProcess broker = new BrokerProcess(Ports.free(), Ports.free(), home, "512m");
        try {
            Duration ready = broker.start(Duration.ofSeconds(90));
            System.out.printf("broker process ready in %d ms%n", ready.toMillis());
            try (var admin = org.apache.kafka.clients.admin.Admin.create(
                    java.util.Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("round-trip", 3, (short) 1)))
                        .all()
                        .get();
            }

            TransactionalRoundTrip.Result result =
                    TransactionalRoundTrip.run(broker.bootstrapServers(), "round-trip", RECORDS);

            System.out.printf("broker process: %s%n", result);
            assertThat(result.read()).isEqualTo(RECORDS);
            assertThat(result.valueSum()).isEqualTo(TransactionalRoundTrip.expectedSum(RECORDS));
            assertThat(result.abortedSeen()).isZero();
        } finally {
            broker.stop();
        }
        assertThat(broker.running()).isFalse();
    }
}
