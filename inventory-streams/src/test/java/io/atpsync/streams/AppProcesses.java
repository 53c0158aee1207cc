package io.atpsync.streams;

import io.atpsync.local.Ports;
import io.atpsync.local.StreamsAppProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Streams app of this module's build as a process of its own (on a free HTTP port), for the tests that kill or
 * watch it.
 */
final class AppProcesses {

    private AppProcesses() {}

    static StreamsAppProcess of(String bootstrapServers, String registryUrl, Path home, Map<String, String> config)
            throws IOException {
        String classes = Path.of("target/classes").toAbsolutePath().toString();
        String deps = Files.readString(Path.of("target/classes/io/atpsync/streams/app-classpath.txt"))
                .trim();
        return new StreamsAppProcess(
                StreamsApp.class.getName(),
                classes + File.pathSeparator + deps,
                bootstrapServers,
                registryUrl,
                Ports.free(),
                home,
                config);
    }
}
