package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ShopifySinkConfigTest {

    private static final Path README = Path.of("../README.md");
    private static final String START = "<!-- sink-config:start -->\n";
    private static final String END = "<!-- sink-config:end -->";

    static Map<String, String> valid() {
        Map<String, String> c = new HashMap<>();
        c.put(ShopifySinkConfig.SHOP, "demo.myshopify.com");
        c.put(ShopifySinkConfig.ACCESS_TOKEN, "shpat_secret_value");
        c.put(ShopifySinkConfig.REGISTRY_URL, "http://127.0.0.1:18081");
        return c;
    }

    /**
     * Regenerates the README table: {@code mvn -pl shopify-sink test -Dtest=ShopifySinkConfigTest -Dreadme.write=true}.
     */
    @Test
    void shouldDocumentEveryOptionInTheReadmeExactlyAsTheConfigDefSays() throws Exception {
        String readme = Files.readString(README);
        String generated = START + ShopifySinkConfig.markdownTable() + END;
        String current = readme.substring(readme.indexOf(START), readme.indexOf(END) + END.length());
        if (Boolean.getBoolean("readme.write")) {
            Files.writeString(README, readme.replace(current, generated));
            current = generated;
        }
        assertThat(current)
                .as("README's sink table is out of date; regenerate it with -Dreadme.write=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldBuildTheEndpointFromTheShopOrTheBaseUrl() {
        assertThat(new ShopifySinkConfig(valid()).graphqlUrl())
                .isEqualTo("https://demo.myshopify.com/admin/api/2026-10/graphql.json");
        Map<String, String> c = valid();
        c.put(ShopifySinkConfig.BASE_URL, "http://127.0.0.1:18086/");
        assertThat(new ShopifySinkConfig(c).graphqlUrl())
                .isEqualTo("http://127.0.0.1:18086/admin/api/2026-10/graphql.json");
    }

    @Test
    void shouldRefuseBadCombinationsNamingTheOptionAndNeverTheSecret() {
        Map<String, String> both = valid();
        both.put(ShopifySinkConfig.CLIENT_ID, "app");
        both.put(ShopifySinkConfig.CLIENT_SECRET, "client_secret_value");
        assertThatThrownBy(() -> new ShopifySinkConfig(both))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly one way")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("shpat_secret_value"));

        Map<String, String> old = valid();
        old.put(ShopifySinkConfig.API_VERSION, "2025-10");
        assertThatThrownBy(() -> new ShopifySinkConfig(old)).hasMessageContaining("2026-04 or later");

        Map<String, String> shop = valid();
        shop.put(ShopifySinkConfig.SHOP, "https://demo.myshopify.com");
        assertThatThrownBy(() -> new ShopifySinkConfig(shop)).hasMessageContaining("myshopify domain");
    }

    @Test
    void shouldKeepTheTokenOutOfToString() {
        assertThat(new ShopifySinkConfig(valid()).toString()).doesNotContain("shpat_secret_value");
    }
}
