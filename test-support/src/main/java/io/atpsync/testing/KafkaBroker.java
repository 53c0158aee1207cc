package io.atpsync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real KRaft broker for the whole test JVM, chosen in this order:
 *
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} (env or system property {@code kafka.bootstrap.servers}): an already running
 *       broker;
 *   <li>Testcontainers Kafka, when a Docker daemon answers and {@code KAFKA_TEST_MODE} is not {@code inproc};
 *   <li>otherwise the in-JVM {@link KafkaClusterTestKit} (single combined node).
 * </ol>
 *
 * Tests never share topics: {@link #createTopic} makes a unique name per call.
 */
public final class KafkaBroker implements AutoCloseable {

    /** How the broker of this run was obtained. */
    public enum Mode {
        EXTERNAL,
        TESTCONTAINERS,
        IN_JVM
    }

    /** Broker settings a single node needs, or consumers and transactions silently stall (RF 3 defaults). */
    public static final Map<String, String> SINGLE_NODE_SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "3",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0");

    private static KafkaBroker instance;

    private final Mode mode;
    private final String bootstrapServers;
    private final Admin admin;
    private final AutoCloseable owned;
    private boolean closed;

    private KafkaBroker(Mode mode, String bootstrapServers, AutoCloseable owned) {
        this.mode = mode;
        this.bootstrapServers = bootstrapServers;
        this.owned = owned;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
    }

    /**
     * The broker of this test JVM, started on first use. {@link KafkaBrokerExtension} closes it when the test run ends;
     * a shutdown hook is the fallback for other callers.
     */
    public static synchronized KafkaBroker get() {
        if (instance == null) {
            long start = System.nanoTime();
            instance = start();
            System.out.printf(
                    "KafkaBroker mode=%s bootstrap=%s ready in %d ms%n",
                    instance.mode, instance.bootstrapServers, (System.nanoTime() - start) / 1_000_000);
            KafkaBroker started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-stop"));
        }
        return instance;
    }

    /** Stops the broker this JVM started (an external one is left alone); later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close();
        try {
            owned.close();
        } catch (Exception e) {
            System.err.println("stopping the test broker failed: " + e);
        }
    }

    private static KafkaBroker start() {
        String external = System.getProperty("kafka.bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        String forced = System.getProperty("kafka.test.mode", System.getenv().getOrDefault("KAFKA_TEST_MODE", "auto"));
        try {
            if (external != null && !external.isBlank()) {
                return new KafkaBroker(Mode.EXTERNAL, external, () -> {});
            }
            if (!"inproc".equalsIgnoreCase(forced) && dockerAnswers()) {
                KafkaContainer container = new KafkaContainer("apache/kafka:" + kafkaVersion());
                container.start();
                return new KafkaBroker(Mode.TESTCONTAINERS, container.getBootstrapServers(), container::stop);
            }
            return startInJvm();
        } catch (Exception e) {
            throw new IllegalStateException("could not start a Kafka broker for the tests (mode " + forced + ")", e);
        }
    }

    private static KafkaBroker startInJvm() throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
        SINGLE_NODE_SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaBroker(Mode.IN_JVM, kit.bootstrapServers(), kit);
    }

    /** Cheap probe first: Testcontainers' own check logs an ERROR and takes ~0.4 s when there is no daemon. */
    private static boolean dockerAnswers() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
        if (!socket) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    public Mode mode() {
        return mode;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Admin admin() {
        return admin;
    }

    /** Creates a topic named {@code prefix-<random>} and waits until it exists; returns its name. */
    public String createTopic(String prefix, int partitions) {
        return createTopic(prefix, partitions, Map.of());
    }

    /** As {@link #createTopic(String, int)} with topic configs (e.g. {@code cleanup.policy=compact}). */
    public String createTopic(String prefix, int partitions, Map<String, String> configs) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
        return name;
    }
}
