package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The sink as a Confluent Hub-style component archive (Confluent's "Component Archive Specification",
 * docs.confluent.io/legacy/platform/5.2.4/connect/managing/confluent-hub/component-archive): a ZIP named
 * OWNER-NAME-VERSION.zip holding one OWNER-NAME-VERSION/ folder with manifest.json, lib/ and doc/, and its checksum.
 */
class ComponentArchiveIT {

    @Test
    void shouldPackThePluginWithItsManifestDocsAndChecksum() throws Exception {
        String version = System.getProperty("atpsync.project.version");
        String base = "atpsync-shopify-sink-" + version;
        Path zip = Path.of("target", "components", base + ".zip");
        assertThat(zip).exists();

        TreeSet<String> lib = new TreeSet<>();
        JsonNode manifest;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(e -> e.getName())).allMatch(n -> n.startsWith(base + "/"));
            manifest = new ObjectMapper().readTree(z.getInputStream(z.getEntry(base + "/manifest.json")));
            assertThat(z.getEntry(base + "/doc/README.md")).isNotNull();
            z.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith(base + "/lib/") && n.endsWith(".jar"))
                    .forEach(n -> lib.add(n.substring((base + "/lib/").length())));
        }
        assertThat(manifest.path("name").asText()).isEqualTo("shopify-sink");
        assertThat(manifest.path("version").asText()).isEqualTo(version);
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo("atpsync");
        assertThat(manifest.path("component_types").toString()).isEqualTo("[\"sink\"]");

        TreeSet<String> plugin = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("target", "plugin", "shopify-sink"))) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .forEach(plugin::add);
        }
        assertThat(lib)
                .as("lib/ is the plugin directory")
                .isEqualTo(plugin)
                .contains("shopify-sink-" + version + ".jar");
        assertThat(lib).as("Connect's own API stays out").noneMatch(n -> n.startsWith("connect-api"));

        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(zip)));
        List<String> sha = Files.readAllLines(Path.of(zip + ".sha512"), StandardCharsets.UTF_8);
        assertThat(sha.get(0).trim().split("\\s+")[0]).isEqualTo(expected);
    }
}
