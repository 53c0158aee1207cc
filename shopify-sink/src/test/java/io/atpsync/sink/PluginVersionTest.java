package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Connect shows the plugin's version() in {@code GET /connector-plugins}: it is this build's project version. */
class PluginVersionTest {

    @Test
    void shouldReportTheProjectVersionFromConnectorTaskAndMetricsExtension() {
        String built = System.getProperty("atpsync.project.version");

        assertThat(built).as("surefire passes the Maven project version").isNotBlank();
        assertThat(new ShopifySinkConnector().version()).isEqualTo(built);
        assertThat(new ShopifySinkTask().version()).isEqualTo(built);
        assertThat(new MetricsRestExtension().version()).isEqualTo(built);
    }
}
