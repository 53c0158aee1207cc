package io.atpsync.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The classpath of the broker and Connect worker processes: Kafka's own jars from Maven Central, resolved when this
 * module was built (see local-stack/pom.xml, {@code process-classpath.txt}).
 */
public final class ProcessClasspath {

    private ProcessClasspath() {}

    public static String kafka() {
        try (InputStream in = ProcessClasspath.class.getResourceAsStream("process-classpath.txt")) {
            if (in == null) {
                throw new IllegalStateException(
                        "process-classpath.txt is missing from local-stack: build it with ./mvnw install");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
