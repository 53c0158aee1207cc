package io.atpsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The plugin directory Connect loads: its jar carries the project version in the manifest and in the code. */
class PluginJarIT {

    @Test
    void shouldStampTheProjectVersionIntoThePluginJar() throws Exception {
        String built = System.getProperty("atpsync.project.version");
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target", "plugin", "shopify-sink"))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("shopify-sink-"))
                    .findFirst()
                    .orElseThrow();
        }

        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Implementation-Version"))
                    .isEqualTo(built);
            try (var in = j.getInputStream(j.getEntry("io/atpsync/sink/version.properties"))) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("version=" + built);
            }
        }
    }
}
