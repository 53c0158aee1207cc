package io.atpsync.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Applies {@code atp.adjustments} to Shopify. Configure with
 * {@code value.converter=org.apache.kafka.connect.converters.ByteArrayConverter} (the task reads the Avro batch itself)
 * and a DLQ ({@code errors.tolerance=all}, {@code errors.deadletterqueue.topic.name}) for changes Shopify refuses for
 * good.
 */
public final class ShopifySinkConnector extends SinkConnector {

    /** The project version of this build (Maven stamps it into {@code version.properties}). */
    static final String VERSION = projectVersion();

    private static String projectVersion() {
        try (java.io.InputStream in = ShopifySinkConnector.class.getResourceAsStream("version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new ShopifySinkConfig(props); // fail fast with the config error, not in every task
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ShopifySinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public ConfigDef config() {
        return ShopifySinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
