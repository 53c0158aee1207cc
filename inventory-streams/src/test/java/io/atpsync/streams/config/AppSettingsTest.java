package io.atpsync.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    private static final Path README = Path.of("../README.md");
    private static final String START = "<!-- streams-config:start -->\n";
    private static final String END = "<!-- streams-config:end -->";

    /**
     * Regenerates the README table: {@code mvn -pl inventory-streams test -Dtest=AppSettingsTest -Dreadme.write=true}.
     */
    @Test
    void shouldDocumentEverySettingInTheReadmeExactlyAsTheConfigDefSays() throws Exception {
        String readme = Files.readString(README);
        String generated = START + AppSettings.markdownTable() + END;
        String current = readme.substring(readme.indexOf(START), readme.indexOf(END) + END.length());
        if (Boolean.getBoolean("readme.write")) {
            Files.writeString(README, readme.replace(current, generated));
            current = generated;
        }
        assertThat(current)
                .as("README's Streams settings table is out of date; regenerate it with -Dreadme.write=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldTakeTheDefaultsAndTypedValues() {
        AppConfig c = AppConfig.of(Map.of(AppConfig.HTTP_PORT, "18999", AppConfig.COMPARE_LOCATIONS, "L1, L2"));

        assertThat(c.httpPort()).isEqualTo(18999);
        assertThat(c.readyMaxLag()).isEqualTo(1000);
        assertThat(c.connectConnector()).isEqualTo("shopify-sink");
        assertThat(c.webhookSecrets()).isEmpty();
        assertThat(c.settings(1).compare("L2")).isTrue();
        assertThat(c.settings(1).compare("L3")).isFalse();
    }

    @Test
    void shouldNameTheSettingAndTheRuleOfABadValue() {
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.HTTP_PORT, "80a")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.HTTP_PORT)
                .hasMessageContaining("80a");
        assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.SYNC_MODE, "absolute")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.SYNC_MODE)
                .satisfies(e -> assertThat(e.getMessage().toLowerCase()).contains("variance", "compare"));
    }

    @Test
    void shouldKeepSecretsOutOfEveryPrintedForm() {
        AppConfig c = AppConfig.of(
                Map.of(AppConfig.WEBHOOK_SECRETS, "old-secret,new-secret", AppConfig.ADMIN_TOKEN, "admin-token-value"));

        assertThat(c.webhookSecrets()).containsExactly("old-secret", "new-secret");
        assertThat(c.toString() + c.atpsync())
                .doesNotContain("old-secret")
                .doesNotContain("new-secret")
                .doesNotContain("admin-token-value");
    }
}
